package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tap between Netty's HTTP codec and Vert.x's handler, with a stand-in for Vert.x behind it. */
class BodyTapTest {
    final BodyTap tap = new BodyTap();
    final ByteArrayOutputStream sunk = new ByteArrayOutputStream();
    final BodyTap.Sink sink = piece -> {
        byte[] b = new byte[piece.readableBytes()];
        piece.getBytes(piece.readerIndex(), b);
        sunk.writeBytes(b);
    };
    final List<Object> vertxSaw = new ArrayList<>();
    boolean claimOnHead = true;
    final EmbeddedChannel channel = new EmbeddedChannel(tap, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // Vert.x handles the head synchronously, and the attempt claims the body from inside that
            if (msg instanceof HttpResponse && claimOnHead) {
                assertThat(tap.claim(sink)).isTrue();
            }
            if (msg instanceof HttpContent c) {
                vertxSaw.add(
                        c.content().toString(StandardCharsets.US_ASCII) + (c instanceof LastHttpContent ? "|end" : ""));
                c.release();
            } else {
                vertxSaw.add(msg);
            }
        }
    });

    static ByteBuf bytes(String s) {
        return Unpooled.directBuffer().writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aClaimedBodyGoesToTheSinkAndVertxSeesOnlyTheHeadAndAnEmptyEnd() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        ByteBuf first = bytes("abc"), last = bytes("def");

        channel.writeInbound(head, new DefaultHttpContent(first), new DefaultLastHttpContent(last));

        assertThat(sunk.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdef");
        assertThat(vertxSaw).containsExactly(head, "|end");
        assertThat(first.refCnt()).as("released once written").isZero();
        assertThat(last.refCnt()).isZero();
    }

    @Test
    void anUnclaimedBodyPassesThroughUntouched() {
        claimOnHead = false;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);

        channel.writeInbound(head, new DefaultHttpContent(bytes("no")), new DefaultLastHttpContent(bytes("pe")));

        assertThat(sunk.size()).isZero();
        assertThat(vertxSaw).containsExactly(head, "no", "pe|end");
    }

    @Test
    void aClaimOutsideTheHandlingOfAHeadIsRefusedSoABodyIsNeverSplit() {
        claimOnHead = false;
        channel.writeInbound(
                new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK),
                new DefaultHttpContent(bytes("ab")));

        assertThat(tap.claim(sink)).isFalse();
        channel.writeInbound(new DefaultLastHttpContent(bytes("cd")));
        assertThat(sunk.size()).isZero();
        assertThat(vertxSaw).hasSize(3).endsWith("ab", "cd|end");
    }

    @Test
    void aReleasedClaimSendsTheRestToVertxAndTheNextResponseStartsUnclaimed() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        channel.writeInbound(head, new DefaultHttpContent(bytes("ab")));
        tap.release(sink); // the attempt failed half-way
        channel.writeInbound(new DefaultLastHttpContent(bytes("cd")));

        claimOnHead = false;
        HttpResponse next = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        channel.writeInbound(next, new DefaultLastHttpContent(bytes("x")));

        assertThat(sunk.toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
        assertThat(vertxSaw).containsExactly(head, "cd|end", next, "x|end");
    }

    @Test
    void aPieceTheCodecCouldNotFrameGoesToVertxSoTheTransferFails() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        DefaultLastHttpContent broken = new DefaultLastHttpContent(bytes("zz"));
        broken.setDecoderResult(
                io.netty.handler.codec.DecoderResult.failure(new IllegalArgumentException("bad chunk size")));

        channel.writeInbound(head, new DefaultHttpContent(bytes("ab")), broken);

        assertThat(sunk.toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
        assertThat(vertxSaw).containsExactly(head, "zz|end");
        assertThat(tap.claim(sink)).isFalse();
    }

    @Test
    void trailersOfAChunkedBodyReachVertx() {
        DefaultLastHttpContent end = new DefaultLastHttpContent(bytes("z"));
        end.trailingHeaders().add("X-Checksum", "42");
        List<Object> ends = new ArrayList<>();
        BodyTap own = new BodyTap(); // a handler belongs to one pipeline
        EmbeddedChannel c = new EmbeddedChannel(own, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpResponse) {
                    own.claim(sink);
                } else {
                    ends.add(msg);
                }
            }
        });

        c.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), end);

        assertThat(ends).singleElement().satisfies(m -> {
            assertThat(m).isInstanceOf(LastHttpContent.class);
            assertThat(((LastHttpContent) m).content().readableBytes()).isZero();
            assertThat(((LastHttpContent) m).trailingHeaders().get("X-Checksum"))
                    .isEqualTo("42");
        });
        assertThat(sunk.toString(StandardCharsets.US_ASCII)).isEqualTo("z");
    }
}
