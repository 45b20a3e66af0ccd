package io.text2media.bench;

import java.util.List;

/**
 * One benchmark of {@code make bench}. Listed in {@code META-INF/services/io.text2media.bench.Benchmark}; run by
 * {@link BenchMain}, all of them or those named on the command line.
 */
public interface Benchmark {

    /** Short name, used on the command line: {@code make bench BENCH=auth-login}. */
    String name();

    /** Runs and returns the figures, each with its target when the issue names one. */
    List<Figure> run() throws Exception;

    /** One measured figure; {@code target} is e.g. "< 5 ms" or "" when there is none. */
    record Figure(String what, double value, String unit, String target, boolean met) {
        public static Figure of(String what, double value, String unit) {
            return new Figure(what, value, unit, "", true);
        }

        public static Figure atMost(String what, double value, String unit, double limit) {
            return new Figure(what, value, unit, "<= " + fmt(limit) + " " + unit, value <= limit);
        }

        public static Figure atLeast(String what, double value, String unit, double floor) {
            return new Figure(what, value, unit, ">= " + fmt(floor) + " " + unit, value >= floor);
        }

        static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.2f", v);
        }
    }
}
