package org.trawl.fetch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Hands a response body to the attempt that claimed it straight from Netty's socket buffers, before
 * Vert.x sees it. Vert.x copies every body piece out of its pooled (direct) buffer into a new heap array
 * before its handler gets it, and the file write then copies that array into a direct buffer again:
 * for 10,000 images, 1.7 GB of garbage and two copies of every byte. Here the piece is hashed and
 * written from the socket buffer itself, then released; Vert.x still sees the response head and an empty
 * end, so its connection pool, keep-alive and redirects work as before.
 *
 * <p>One tap per connection, sitting between Netty's HTTP codec and Vert.x's handler. An attempt may
 * claim a body only from inside Vert.x's handling of that response's head, on the connection's own
 * thread: so either every piece of a body comes through the tap or none does, in order.
 */
final class BodyTap extends ChannelInboundHandlerAdapter {
    private static final String NAME = "trawl-body-tap";

    /** Receives a claimed body. */
    interface Sink {
        /** One piece, valid only during the call. */
        void bytes(ByteBuf piece);
    }

    private ChannelHandlerContext ctx;
    private boolean inHead; // Vert.x is handling a response head right now, on this thread
    private Sink claimant;

    /** The connection's tap, added on first use; null when the connection is not Vert.x's HTTP/1 kind. */
    static BodyTap of(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            return null;
        }
        ChannelHandlerContext handler = base.channelHandlerContext();
        if (handler == null || !handler.executor().inEventLoop()) {
            return null;
        }
        ChannelPipeline pipeline = handler.pipeline();
        BodyTap tap = (BodyTap) pipeline.get(NAME);
        if (tap == null && pipeline.get("codec") != null && pipeline.get("handler") != null) {
            tap = new BodyTap();
            pipeline.addBefore("handler", NAME, tap);
        }
        return tap;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Takes the body of the response whose head Vert.x is handling now. False when called at any other
     * time or from another thread: the body then comes through Vert.x.
     */
    boolean claim(Sink sink) {
        if (ctx == null || !ctx.executor().inEventLoop() || !inHead) {
            return false;
        }
        claimant = sink;
        return true;
    }

    /** Gives a claimed body back (its attempt failed): the rest goes to Vert.x, which drops it with the reset connection. */
    void release(Sink sink) {
        if (claimant == sink) {
            claimant = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse) {
            claimant = null;
            inHead = true;
            try {
                ctx.fireChannelRead(msg);
            } finally {
                inHead = false;
            }
            return;
        }
        Sink sink = claimant;
        if (sink == null || !(msg instanceof HttpContent content)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (content.decoderResult().isFailure()) {
            // bad framing (a broken chunk header): Vert.x must see it and fail the transfer, or a cut
            // chunked body would pass for a complete one
            claimant = null;
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            ByteBuf piece = content.content();
            if (piece.isReadable()) {
                sink.bytes(piece);
            }
        } finally {
            if (msg instanceof LastHttpContent last) {
                claimant = null;
                LastHttpContent end = last.trailingHeaders().isEmpty()
                        ? LastHttpContent.EMPTY_LAST_CONTENT
                        : new DefaultLastHttpContent(
                                Unpooled.EMPTY_BUFFER, last.trailingHeaders().copy());
                content.release();
                ctx.fireChannelRead(end); // Vert.x ends the response and gives the connection back
            } else {
                content.release();
            }
        }
    }
}
