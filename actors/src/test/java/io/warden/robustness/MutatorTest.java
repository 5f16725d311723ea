package io.warden.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The fuzzer's own mutations: they never throw, and a framed result's prefix tells the truth. */
class MutatorTest {
    private static final int MAX_FRAME_BYTES = 256;

    @Property(tries = 3000)
    void mutationsNeverThrowAndFramedOnesKeepAnHonestPrefix(@ForAll long seed,
                                                            @ForAll @Size(max = 2 * MAX_FRAME_BYTES) byte[] payload,
                                                            @ForAll @Size(max = 2 * MAX_FRAME_BYTES) byte[] other) {
        Mutator mutator = new Mutator(new Random(seed), MAX_FRAME_BYTES);
        Mutator.Mutated mutated = mutator.mutate(Mutator.withPrefix(payload, payload.length),
                Mutator.withPrefix(other, other.length));
        if (mutated.framed()) {
            assertEquals(mutated.frame().length - 4, ByteBuffer.wrap(mutated.frame()).getInt(0));
        } else {
            assertEquals(Mutator.Kind.OUTER_LENGTH, mutated.kind());
        }
    }
}
