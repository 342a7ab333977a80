package io.thalamus.diffusion.model;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.ParameterList;
import io.thalamus.diffusion.model.GatedBlock.Kind;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counted MACs of a sub-network equal the MACs read off the weights of the physically sliced network: every
 * weight of a convolution or linear layer is one multiply-accumulate per output position it is applied at, plus
 * the attention products, whose widths are the sliced query projections' rows.
 */
class MacCounterTest {

    private static final UNetArchitecture ARCHITECTURE = UNetArchitecture.standard();
    private static final int TOKENS = 20;

    @Test
    void fullNetwork() {
        GateLayout layout = new GateLayout(ARCHITECTURE);
        assertCountMatchesWeights(SubNetwork.full(layout));
    }

    @Test
    void randomSubNetworks() {
        GateLayout layout = new GateLayout(ARCHITECTURE);
        Random random = new Random(5);
        for (int n = 0; n < 3; n++) {
            boolean[] kept = new boolean[layout.size()];
            for (int g = 0; g < kept.length; g++) {
                kept[g] = random.nextDouble() < 0.5;
            }
            assertCountMatchesWeights(new SubNetwork(layout, kept));
        }
    }

    @Test
    void ratioFallsWithGatesAndTargetAccountsForTheTrunk() {
        GateLayout layout = new GateLayout(ARCHITECTURE);
        MacCounter counter = new MacCounter(layout, TOKENS);
        SubNetwork smallest = new SubNetwork(layout, new boolean[layout.size()]);
        assertThat(counter.ratio(SubNetwork.full(layout))).isEqualTo(1.0);
        assertThat(counter.ratio(smallest)).isBetween(0.0, 0.5);
        double target = counter.prunableTarget(0.6);
        long prunable = counter.prunableMacs(SubNetwork.full(layout));
        assertThat((counter.trunkMacs() + target * prunable) / counter.fullMacs()).isCloseTo(0.6,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    private static void assertCountMatchesWeights(SubNetwork sub) {
        try (Model model = Model.newInstance("count", "PyTorch")) {
            GatedUNet net = new GatedUNet(sub);
            model.setBlock(net);
            net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, 32, 32));
            long fromWeights = trunkMacs(net) + blockMacs(net, sub.layout());
            assertThat(new MacCounter(sub.layout(), TOKENS).macs(sub)).isEqualTo(fromWeights);
        }
    }

    private static long positions(int level) {
        long side = ARCHITECTURE.side(level);
        return side * side;
    }

    private static long size(ParameterList parameters, String name) {
        return parameters.get(name).getArray().getShape().size();
    }

    private static long trunkMacs(GatedUNet net) {
        ParameterList p = net.getDirectParameters();
        return size(p, "stem") * positions(0) + size(p, "down0") * positions(1) + size(p, "down1") * positions(2)
                + size(p, "up2") * positions(1) + size(p, "up1") * positions(0) + size(p, "head") * positions(0)
                + size(p, "time1") + size(p, "time2") + size(p, "pooled_text") + size(p, "context") * TOKENS;
    }

    private static long blockMacs(GatedUNet net, GateLayout layout) {
        long total = 0;
        BlockList children = net.getChildren();
        for (int i = 0; i < children.size(); i++) {
            String name = children.get(i).getKey().replaceFirst("^\\d+", "").replace('_', '.');
            Block block = children.get(i).getValue();
            GatedBlock gated = layout.blocks().get(layout.blockIndex(name));
            long positions = positions(gated.level());
            ParameterList p = block.getDirectParameters();
            if (gated.kind() == Kind.RESIDUAL) {
                total += (size(p, "conv1") + size(p, "conv2")) * positions + size(p, "time");
                if (p.contains("skip")) {
                    total += size(p, "skip") * positions;
                }
            } else {
                long selfWidth = p.get("self_query").getArray().getShape().get(0);
                long crossWidth = p.get("cross_query").getArray().getShape().get(0);
                total += (size(p, "project_in") + size(p, "project_out") + size(p, "self_query")
                        + size(p, "self_key") + size(p, "self_value") + size(p, "self_output")
                        + size(p, "cross_query") + size(p, "cross_output") + size(p, "feed_forward1")
                        + size(p, "feed_forward2")) * positions;
                total += (size(p, "cross_key") + size(p, "cross_value")) * TOKENS;
                total += 2 * positions * positions * selfWidth + 2 * positions * TOKENS * crossWidth;
            }
        }
        return total;
    }
}
