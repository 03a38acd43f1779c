import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The JVM boundary microbenchmark (bench/BOUNDARY.md): one native crossing that moves a payload
 * in and a payload out, per mechanism and payload size, in ns per call and bytes allocated per
 * call; then calls/s with many threads. Prints rows prefixed ST| and MT| that run.sh puts in
 * tables. Runs on JDK 17 and later; the FFM mechanisms (Ffm.java) only on JDK 22 and later.
 */
public final class Boundary {
    static final String LIB = System.getProperty("boundary.lib");
    static final long WARM_NS = Long.getLong("boundary.warmMs", 2000) * 1_000_000;
    static final long ITER_NS = Long.getLong("boundary.iterMs", 200) * 1_000_000;
    static final int ITERS = Integer.getInteger("boundary.iters", 9);
    static final int THREADS = Integer.getInteger("boundary.threads", 64);
    static final long MT_ITER_MS = Long.getLong("boundary.mtIterMs", 500);
    static final int MT_ITERS = Integer.getInteger("boundary.mtIters", 5);
    static final int[] SIZES = {0, 64, 4096, 409600};
    static volatile long sink;
    static volatile boolean running;

    /** One call of a mechanism; an instance is one thread's, with its buffers. */
    public interface Op {
        long call();
    }

    // uniffi's Kotlin RustBuffer and RustCallStatus, in Java (a @JvmField var is a public field).
    @Structure.FieldOrder({"capacity", "len", "data"})
    public static class RustBuffer extends Structure {
        public long capacity;
        public long len;
        public Pointer data;

        public static class ByValue extends RustBuffer implements Structure.ByValue {}
    }

    @Structure.FieldOrder({"code", "error_buf"})
    public static class RustCallStatus extends Structure {
        public byte code;
        public RustBuffer.ByValue error_buf = new RustBuffer.ByValue();
    }

    /** uniffi's UniffiLib: JNA direct mapping. */
    public static final class UniffiLib {
        static {
            Native.register(UniffiLib.class, NativeLibrary.getInstance(LIB));
        }

        public static native RustBuffer.ByValue boundary_rustbuffer_alloc(long size, RustCallStatus status);

        public static native void boundary_rustbuffer_free(RustBuffer.ByValue buf, RustCallStatus status);

        public static native RustBuffer.ByValue boundary_uniffi_echo(RustBuffer.ByValue in, RustCallStatus status);

        public static native long boundary_uniffi_empty(long handle, RustCallStatus status);
    }

    /** JNA direct mapping with primitives and direct buffers only. */
    public static final class PrimLib {
        static {
            Native.register(PrimLib.class, NativeLibrary.getInstance(LIB));
        }

        public static native long boundary_prim_echo(ByteBuffer in, int inLen, ByteBuffer out, int outCap);

        public static native long boundary_prim_empty(long x);
    }

    static void check(RustCallStatus status) {
        if (status.code != 0) throw new IllegalStateException("call status " + status.code);
    }

    /**
     * uniffi's generated path: alloc (lowerIntoRustBuffer), the call, read and free
     * (liftFromRustBuffer); a new call status per crossing (uniffiRustCall), or, with
     * {@code reuse}, one per thread reset before each crossing (the library's NativeCalls).
     */
    static final class Uniffi implements Op {
        final boolean reuse;
        final byte[] payload;
        final byte[] result;
        final RustCallStatus kept = new RustCallStatus();

        Uniffi(int size, boolean reuse) {
            this.reuse = reuse;
            payload = payload(size);
            result = new byte[size];
        }

        RustCallStatus status() {
            if (!reuse) return new RustCallStatus();
            kept.code = 0;
            kept.error_buf.capacity = 0;
            kept.error_buf.len = 0;
            kept.error_buf.data = null;
            return kept;
        }

        @Override
        public long call() {
            if (payload.length == 0) {
                RustCallStatus status = status();
                long handle = UniffiLib.boundary_uniffi_empty(41, status);
                check(status);
                return handle;
            }
            RustCallStatus status = status();
            RustBuffer.ByValue buf = UniffiLib.boundary_rustbuffer_alloc(payload.length, status);
            check(status);
            if (buf.data == null) throw new IllegalStateException("null data");
            ByteBuffer bytes = buf.data.getByteBuffer(0, buf.capacity).order(ByteOrder.BIG_ENDIAN);
            bytes.put(payload);
            buf.writeField("len", (long) bytes.position());
            status = status();
            RustBuffer.ByValue out = UniffiLib.boundary_uniffi_echo(buf, status);
            check(status);
            try {
                ByteBuffer read = out.data.getByteBuffer(0, out.len).order(ByteOrder.BIG_ENDIAN);
                read.get(result, 0, (int) out.len);
                return out.len + result[0];
            } finally {
                status = status();
                UniffiLib.boundary_rustbuffer_free(out, status);
                check(status);
            }
        }
    }

    /** Primitives and reused direct buffers: JNA direct mapping or JNI. */
    static final class Prim implements Op {
        final boolean jni;
        final byte[] payload;
        final byte[] result;
        final ByteBuffer in;
        final ByteBuffer out;

        Prim(int size, boolean jni) {
            this.jni = jni;
            payload = payload(size);
            result = new byte[size];
            in = ByteBuffer.allocateDirect(Math.max(size, 1));
            out = ByteBuffer.allocateDirect(Math.max(size, 1));
        }

        @Override
        public long call() {
            int n = payload.length;
            if (n == 0) return jni ? JniLib.empty(41) : PrimLib.boundary_prim_empty(41);
            // Absolute puts and gets: the positions stay 0 (JNA passes a buffer's address plus its position).
            in.put(0, payload);
            long sum = jni ? JniLib.echo(in, n, out, n) : PrimLib.boundary_prim_echo(in, n, out, n);
            out.get(0, result);
            return sum + result[0];
        }
    }

    static byte[] payload(int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) p[i] = (byte) (i * 31);
        return p;
    }

    static Supplier<Op> mechanism(String name, int size) {
        switch (name) {
            case "jna-uniffi": return () -> new Uniffi(size, false);
            case "jna-uniffi-reused": return () -> new Uniffi(size, true);
            case "jna-prim": return () -> new Prim(size, false);
            case "jni": return () -> new Prim(size, true);
            default: return () -> ffm(name, size);
        }
    }

    static Op ffm(String name, int size) {
        try {
            return (Op) Class.forName("Ffm").getMethod("op", String.class, int.class).invoke(null, name, size);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static final com.sun.management.ThreadMXBean MX =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String label(int size) {
        return size == 0 ? "empty" : size < 1024 ? size + " B" : (size / 1024) + " KiB";
    }

    /** ns per call and bytes allocated per call on this thread, ITERS iterations after WARM_NS. */
    static void single(String jdk, String name, int size) {
        Op op = mechanism(name, size).get();
        long acc = 0;
        long calls = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < WARM_NS) {
            for (int i = 0; i < 64; i++) acc += op.call();
            calls += 64;
        }
        long perIter = Math.max(64, (long) (ITER_NS / ((System.nanoTime() - t0) / (double) calls)));
        double[] ns = new double[ITERS];
        double[] bytes = new double[ITERS];
        for (int k = 0; k < ITERS; k++) {
            long a = MX.getCurrentThreadAllocatedBytes();
            long t = System.nanoTime();
            for (long i = 0; i < perIter; i++) acc += op.call();
            ns[k] = (System.nanoTime() - t) / (double) perIter;
            bytes[k] = (MX.getCurrentThreadAllocatedBytes() - a) / (double) perIter;
        }
        sink += acc;
        double[] sorted = ns.clone();
        Arrays.sort(sorted);
        System.out.printf("ST|%s|%s|%s|%.0f|%.0f–%.0f|%.0f|%d%n", jdk, name, label(size), median(ns), sorted[0],
            sorted[ITERS - 1], median(bytes), perIter);
    }

    /** Calls/s with THREADS threads calling at once, MT_ITERS windows after WARM_NS. */
    static void multi(String jdk, String name, int size) throws InterruptedException {
        Supplier<Op> make = mechanism(name, size);
        LongAdder count = new LongAdder();
        running = true;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                Op op = make.get();
                long acc = 0;
                while (running) {
                    for (int i = 0; i < 16; i++) acc += op.call();
                    count.add(16);
                }
                sink += acc;
            });
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(WARM_NS / 1_000_000);
        double[] rate = new double[MT_ITERS];
        count.sumThenReset();
        long t = System.nanoTime();
        for (int k = 0; k < MT_ITERS; k++) {
            Thread.sleep(MT_ITER_MS);
            long now = System.nanoTime();
            rate[k] = count.sumThenReset() / ((now - t) / 1e9);
            t = now;
        }
        running = false;
        for (Thread thread : threads) thread.join();
        double[] sorted = rate.clone();
        Arrays.sort(sorted);
        System.out.printf("MT|%s|%s|%s|%d|%.0f|%.0f–%.0f%n", jdk, name, label(size), THREADS, median(rate), sorted[0],
            sorted[MT_ITERS - 1]);
    }

    public static void main(String[] args) throws Exception {
        if (LIB == null) throw new IllegalArgumentException("-Dboundary.lib=<path of the cdylib> is required");
        System.load(LIB);
        int feature = Runtime.version().feature();
        String jdk = "JDK " + feature;
        List<String> names = new ArrayList<>(List.of("jna-uniffi", "jna-uniffi-reused", "jna-prim", "jni"));
        if (feature >= 22) names.addAll(List.of("ffm", "ffm-critical"));
        String only = System.getProperty("boundary.mechanisms");
        if (only != null) names.retainAll(List.of(only.split(",")));
        for (String name : names) {
            for (int size : SIZES) {
                System.gc();
                single(jdk, name, size);
            }
        }
        for (String name : names) {
            if (name.equals("ffm-critical")) continue;
            for (int size : new int[] {64, 4096}) {
                System.gc();
                multi(jdk, name, size);
            }
        }
    }
}

/** The JNI natives, in Rust as Java_JniLib_*; the library is loaded with System.load. */
final class JniLib {
    static native long echo(ByteBuffer in, int inLen, ByteBuffer out, int outCap);

    static native long empty(long x);
}
