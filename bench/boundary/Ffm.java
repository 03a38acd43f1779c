import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The FFM mechanisms (JDK 22 and later): the primitives-only functions through downcall handles,
 * with reused off-heap segments; "ffm-critical" links them with Linker.Option.critical(false)
 * (no thread state transition, allowed for short calls that do not call back into Java).
 */
public final class Ffm {
    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LIB = SymbolLookup.libraryLookup(System.getProperty("boundary.lib"), Arena.global());
    static final FunctionDescriptor ECHO = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    static final FunctionDescriptor EMPTY = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    static final MethodHandle ECHO_H = handle("boundary_prim_echo", ECHO, false);
    static final MethodHandle EMPTY_H = handle("boundary_prim_empty", EMPTY, false);
    static final MethodHandle ECHO_C = handle("boundary_prim_echo", ECHO, true);
    static final MethodHandle EMPTY_C = handle("boundary_prim_empty", EMPTY, true);

    static MethodHandle handle(String name, FunctionDescriptor descriptor, boolean critical) {
        MemorySegment symbol = LIB.find(name).orElseThrow();
        return critical
            ? LINKER.downcallHandle(symbol, descriptor, Linker.Option.critical(false))
            : LINKER.downcallHandle(symbol, descriptor);
    }

    public static Boundary.Op op(String name, int size) {
        boolean critical = name.equals("ffm-critical");
        byte[] payload = Boundary.payload(size);
        byte[] result = new byte[size];
        Arena arena = Arena.ofAuto();
        MemorySegment in = arena.allocate(Math.max(size, 1));
        MemorySegment out = arena.allocate(Math.max(size, 1));
        if (size == 0) return critical ? () -> emptyCritical() : () -> empty();
        return () -> {
            MemorySegment.copy(payload, 0, in, ValueLayout.JAVA_BYTE, 0, size);
            long sum = critical ? echoCritical(in, size, out) : echo(in, size, out);
            MemorySegment.copy(out, ValueLayout.JAVA_BYTE, 0, result, 0, size);
            return sum + result[0];
        };
    }

    static long empty() {
        try {
            return (long) EMPTY_H.invokeExact(41L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long emptyCritical() {
        try {
            return (long) EMPTY_C.invokeExact(41L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long echo(MemorySegment in, int n, MemorySegment out) {
        try {
            return (long) ECHO_H.invokeExact(in, n, out, n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long echoCritical(MemorySegment in, int n, MemorySegment out) {
        try {
            return (long) ECHO_C.invokeExact(in, n, out, n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
