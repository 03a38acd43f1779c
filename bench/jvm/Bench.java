// JVM bench client, for our Kotlin library and for com.authlete:authlete-java-common:
//   java -cp ... Bench ours|peer --workload get|list|create|concurrent|cold --count N
//        --warmup W --inflight 64 --url URL --fixtures DIR
// Prints one line: {"calls","wall_s","cpu_s","rss_kb"}. `concurrent` runs `inflight` threads
// sharing one client (blocking calls).
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

public final class Bench {
    static final String SERVICE = "715948317";
    static final String CLIENT_ID = "1140735077";

    interface Calls {
        void call(String op) throws Exception;
    }

    static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    static long peakKb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        return 0;
    }

    public static void main(String[] argv) throws Exception {
        String impl = argv[0];
        Map<String, String> a = new HashMap<>(Map.of("workload", "get", "count", "100", "warmup", "0",
                "inflight", "64", "url", "", "fixtures", "."));
        for (int i = 1; i + 1 < argv.length; i += 2) a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        String workload = a.get("workload");
        long count = Long.parseLong(a.get("count"));
        long w0 = System.nanoTime();
        double c0 = cpu();
        String body = Files.readString(Path.of(a.get("fixtures"), "create.json"));
        // Loaded by name, so each classpath needs only its own library.
        Calls calls = (Calls) Class.forName(impl.equals("peer") ? "PeerCalls" : "OursCalls")
                .getDeclaredMethod("create", String.class, String.class).invoke(null, a.get("url"), body);
        String op = workload.equals("concurrent") || workload.equals("cold") ? "get" : workload;
        if (workload.equals("cold")) {
            calls.call("get");
            count = 1;
        } else {
            for (long i = 0, n = Long.parseLong(a.get("warmup")); i < n; i++) calls.call(op);
            w0 = System.nanoTime();
            c0 = cpu();
            if (workload.equals("concurrent")) {
                AtomicLong left = new AtomicLong(count);
                int n = Integer.parseInt(a.get("inflight"));
                Thread[] threads = new Thread[n];
                Exception[] failure = new Exception[1];
                for (int t = 0; t < n; t++) {
                    threads[t] = new Thread(() -> {
                        try {
                            while (left.getAndDecrement() > 0) calls.call("get");
                        } catch (Exception e) {
                            failure[0] = e;
                        }
                    });
                    threads[t].start();
                }
                for (Thread t : threads) t.join();
                if (failure[0] != null) throw failure[0];
            } else {
                for (long i = 0; i < count; i++) calls.call(op);
            }
        }
        System.out.printf("{\"calls\":%d,\"wall_s\":%.6f,\"cpu_s\":%.4f,\"rss_kb\":%d}%n",
                count, (System.nanoTime() - w0) / 1e9, cpu() - c0, peakKb());
        System.exit(0);
    }
}
