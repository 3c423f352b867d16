package org.trawl.plan;

import java.util.ArrayList;
import java.util.List;
import org.trawl.core.TrawlException;
import org.trawl.internal.Hashes;

/**
 * Named subsets with weights ("train=0.8,test=0.2"). Weights are normalised, so 0.7/0.2/0.1 works
 * (gbif-dl rejects it because the float sum is 0.9999999999999999). An item's subset comes from a
 * seeded hash of its group, so it is stable across runs, shards and input order.
 */
public final class SplitSpec {
    private final List<String> names = new ArrayList<>();
    private final double[] upper;

    private SplitSpec(List<String> names, List<Double> weights) {
        this.names.addAll(names);
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        upper = new double[weights.size()];
        double acc = 0;
        for (int i = 0; i < weights.size(); i++) {
            acc += weights.get(i) / total;
            upper[i] = acc;
        }
        upper[upper.length - 1] = 1.0;
    }

    public static SplitSpec parse(String spec) {
        List<String> names = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw TrawlException.usage("--split must look like train=0.8,test=0.2; got '" + spec + "'");
            }
            String name = PathSanitizer.segment(kv[0].trim());
            double w;
            try {
                w = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw TrawlException.usage("--split weight for '" + name + "' is not a number: '" + kv[1] + "'");
            }
            if (!(w > 0) || Double.isInfinite(w)) {
                throw TrawlException.usage("--split weight for '" + name + "' must be positive, got " + kv[1]);
            }
            if (names.contains(name)) {
                throw TrawlException.usage("--split names '" + name + "' twice");
            }
            names.add(name);
            weights.add(w);
        }
        return new SplitSpec(names, weights);
    }

    public List<String> names() {
        return names;
    }

    public String assign(long seed, String group) {
        double u = Hashes.unitInterval(seed, group);
        for (int i = 0; i < upper.length; i++) {
            if (u < upper[i]) {
                return names.get(i);
            }
        }
        return names.get(names.size() - 1);
    }
}
