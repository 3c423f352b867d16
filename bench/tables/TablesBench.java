// Times the rebuild of metadata.csv and failures.csv from a checkpoint of N records, in the order a run with
// many transfers in flight journals them (shuffled), so a change to the tables' writer is measured alone.
//   java -cp "$APP/app/*:$APP/lib/main/*" bench/tables/TablesBench.java OUT N [ROUNDS]
// (APP = target/quarkus-app). Prints the best and median wall time of ROUNDS rebuilds.
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

public class TablesBench {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Path state = out.resolve(".trawl");
        Files.createDirectories(state);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(1));
        StringBuilder sb = new StringBuilder("{\"version\":1,\"items\":[\n");
        for (int k = 0; k < n; k++) {
            int i = order.get(k);
            String key = "label" + (i % 50) + "/img" + i;
            boolean failed = i % 100 == 7;
            sb.append("{\"key\":\"").append(key).append("\",\"status\":\"").append(failed ? "failed" : "done")
                    .append("\",\"url\":\"http://10.0.0.1/img/").append(i).append(".jpg\",\"path\":\"").append(key)
                    .append(".jpg\",\"label\":\"label").append(i % 50).append("\"");
            if (failed) {
                sb.append(",\"reason\":\"http 404\",\"attempts\":1");
            } else {
                sb.append(",\"sha256\":\"").append(String.format("%064x", i)).append("\",\"bytes\":").append(100000 + i)
                        .append(",\"width\":640,\"height\":480,\"contentType\":\"image/jpeg\"");
            }
            sb.append('}').append(k + 1 < n ? ",\n" : "\n");
        }
        sb.append("]}\n");
        Files.writeString(state.resolve("checkpoint.json"), sb);
        long[] t = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            org.trawl.sink.DatasetTables.rebuild(out);
            t[r] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(t);
        System.out.printf("n=%d rows: best %.1f ms, median %.1f ms (%d rounds, metadata.csv %d bytes)%n", n, t[0] / 1e6,
                t[rounds / 2] / 1e6, rounds, Files.size(out.resolve("metadata.csv")));
    }
}
