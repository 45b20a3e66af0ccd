package io.text2media.bench;

import io.text2media.shared.observe.Logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * {@code make bench}: runs every benchmark (or those named) and prints one Markdown table per benchmark, also written
 * to {@code bench/results/<name>.md} so docs/PERFORMANCE.md can quote the latest figures. Exit code 1 when a named
 * target was missed.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Logging.configure("warn");
        Set<String> only = Set.of(args);
        List<Benchmark> benchmarks = new ArrayList<>();
        ServiceLoader.load(Benchmark.class).forEach(b -> {
            if (only.isEmpty() || only.contains(b.name())) {
                benchmarks.add(b);
            }
        });
        if (benchmarks.isEmpty()) {
            System.err.println("no benchmark named " + only);
            System.exit(2);
        }
        boolean allMet = true;
        for (Benchmark benchmark : benchmarks) {
            System.out.println("== " + benchmark.name());
            List<Benchmark.Figure> figures = benchmark.run();
            String table = table(benchmark.name(), figures);
            System.out.println(table);
            write(benchmark.name(), table);
            allMet &= figures.stream().allMatch(Benchmark.Figure::met);
        }
        System.exit(allMet ? 0 : 1);
    }

    static String table(String name, List<Benchmark.Figure> figures) {
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(Runtime.version()).append('\n').append('\n');
        md.append("| ").append(name).append(" | value | target | met |\n|---|---|---|---|\n");
        for (Benchmark.Figure f : figures) {
            md.append("| ").append(f.what()).append(" | ").append(Benchmark.Figure.fmt(f.value())).append(' ').append(f.unit())
                    .append(" | ").append(f.target().isEmpty() ? "-" : f.target())
                    .append(" | ").append(f.target().isEmpty() ? "-" : f.met() ? "yes" : "NO").append(" |\n");
        }
        return md.toString();
    }

    private static void write(String name, String table) throws IOException {
        Path dir = Path.of(System.getProperty("bench.results", "bench/results"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".md"), table);
    }
}
