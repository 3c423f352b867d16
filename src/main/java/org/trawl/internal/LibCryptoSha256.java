package org.trawl.internal;

import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.graalvm.nativeimage.PinnedObject;
import org.graalvm.nativeimage.c.function.CFunction;
import org.graalvm.nativeimage.c.function.CFunctionPointer;
import org.graalvm.nativeimage.c.function.InvokeCFunctionPointer;
import org.graalvm.nativeimage.c.type.CCharPointer;
import org.graalvm.nativeimage.c.type.CTypeConversion;
import org.graalvm.word.PointerBase;
import org.graalvm.word.WordFactory;

/**
 * SHA-256 by the system's libcrypto (OpenSSL 3 or 1.1, opened with dlopen, so the executable still
 * starts without it), which uses the CPU's SHA instructions when it has them. Native executable only:
 * {@link Sha256} never loads this class on the JVM, where GraalVM's C interface does not exist.
 *
 * <p>The SHA256_CTX lives in a Java array pinned for each call: no native memory to free, so a digest
 * dropped half-way (a failed download) leaks nothing. The state struct is 112 bytes in every OpenSSL.
 */
final class LibCryptoSha256 extends MessageDigest {
    private static final byte[] ABC_DIGEST =
            java.util.HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    interface InitFn extends CFunctionPointer {
        @InvokeCFunctionPointer
        int invoke(PointerBase ctx);
    }

    interface UpdateFn extends CFunctionPointer {
        @InvokeCFunctionPointer
        int invoke(PointerBase ctx, PointerBase data, long length);
    }

    interface FinalFn extends CFunctionPointer {
        @InvokeCFunctionPointer
        int invoke(PointerBase digest, PointerBase ctx);
    }

    @CFunction("dlopen")
    private static native PointerBase dlopen(CCharPointer file, int mode);

    @CFunction("dlsym")
    private static native InitFn dlsymInit(PointerBase handle, CCharPointer name);

    @CFunction("dlsym")
    private static native UpdateFn dlsymUpdate(PointerBase handle, CCharPointer name);

    @CFunction("dlsym")
    private static native FinalFn dlsymFinal(PointerBase handle, CCharPointer name);

    /**
     * The library's functions, looked up on first use. Not in a static initialiser: native-image runs
     * those at build time when it can, and there every dlopen fails, which would bake in "no libcrypto".
     */
    private static final class Library {
        private static final int RTLD_NOW = 2;
        static String name;
        static InitFn init;
        static UpdateFn update;
        static FinalFn fin;
        private static volatile int state; // 0 not tried yet, 1 loaded, 2 unavailable

        static synchronized boolean loaded() {
            if (state == 0) {
                state = load() ? 1 : 2;
            }
            return state == 1;
        }

        private static boolean load() {
            try {
                for (String candidate : new String[] {"libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"}) {
                    PointerBase handle;
                    try (CTypeConversion.CCharPointerHolder file = CTypeConversion.toCString(candidate)) {
                        handle = dlopen(file.get(), RTLD_NOW);
                    }
                    if (handle.isNull()) {
                        continue;
                    }
                    try (CTypeConversion.CCharPointerHolder i = CTypeConversion.toCString("SHA256_Init");
                            CTypeConversion.CCharPointerHolder u = CTypeConversion.toCString("SHA256_Update");
                            CTypeConversion.CCharPointerHolder f = CTypeConversion.toCString("SHA256_Final")) {
                        init = dlsymInit(handle, i.get());
                        update = dlsymUpdate(handle, u.get());
                        fin = dlsymFinal(handle, f.get());
                    }
                    if (init.isNonNull() && update.isNonNull() && fin.isNonNull()) {
                        name = candidate;
                        // a library that answers wrongly is never used
                        LibCryptoSha256 probe = new LibCryptoSha256();
                        return Arrays.equals(probe.digest("abc".getBytes(StandardCharsets.US_ASCII)), ABC_DIGEST);
                    }
                }
            } catch (Throwable e) { // anything odd about the system library: the JDK's digest is used
                return false;
            }
            return false;
        }
    }

    private final byte[] state = new byte[256]; // SHA256_CTX (112 bytes), with room to spare
    private boolean started;

    LibCryptoSha256() {
        super("SHA-256");
    }

    static boolean available() {
        return Library.loaded();
    }

    static String library() {
        return Library.name;
    }

    private void begin() {
        if (!started) {
            try (PinnedObject ctx = PinnedObject.create(state)) {
                Library.init.invoke(ctx.addressOfArrayElement(0));
            }
            started = true;
        }
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int length) {
        begin();
        if (length == 0) {
            return;
        }
        try (PinnedObject ctx = PinnedObject.create(state);
                PinnedObject data = PinnedObject.create(input)) {
            Library.update.invoke(ctx.addressOfArrayElement(0), data.addressOfArrayElement(offset), length);
        }
    }

    /** A direct buffer (a socket buffer, see BodyTap) is hashed where it lies, not copied 4 KB at a time. */
    @Override
    protected void engineUpdate(ByteBuffer input) {
        if (!input.isDirect() || !PlatformDependent.hasUnsafe()) { // no address to pass without Unsafe
            super.engineUpdate(input);
            return;
        }
        begin();
        int length = input.remaining();
        if (length == 0) {
            return;
        }
        long address = PlatformDependent.directBufferAddress(input) + input.position();
        try (PinnedObject ctx = PinnedObject.create(state)) {
            Library.update.invoke(ctx.addressOfArrayElement(0), WordFactory.pointer(address), length);
        }
        input.position(input.limit());
    }

    @Override
    protected byte[] engineDigest() {
        begin();
        byte[] digest = new byte[32];
        try (PinnedObject ctx = PinnedObject.create(state);
                PinnedObject out = PinnedObject.create(digest)) {
            Library.fin.invoke(out.addressOfArrayElement(0), ctx.addressOfArrayElement(0));
        }
        started = false;
        return digest;
    }

    @Override
    protected void engineReset() {
        started = false;
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }
}
