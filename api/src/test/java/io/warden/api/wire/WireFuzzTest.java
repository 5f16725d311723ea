package io.warden.api.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the decoders with random and mutated frames (bit flips, overwritten bytes,
 * truncations, appended garbage, forged lengths and counts): the only exception allowed out is
 * {@link WireFormatException}, the caller's buffer is left as it was, and no decode allocates
 * more than a small multiple of the frame's own size. Prints its seed; replay with
 * {@code -Dwarden.seed=...}.
 */
class WireFuzzTest {
    private static final int FRAMES = 100_000;
    /** Allowance per decode beyond the frame's size: a thrown exception and its stack trace. */
    private static final long FIXED_ALLOCATION_BYTES = 64 * 1024;
    private static final long ALLOCATION_BYTES_PER_FRAME_BYTE = 8;
    private static final int[] FORGED = {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x1000_0000, 0xffff, 0x7fff_fff0};

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long decoded;
    private long rejected;
    private long malformed;
    private long maxAllocatedBytes;

    @Test
    void decodersRejectGarbageWithWireFormatExceptionOnly() {
        long seed = TestSeeds.seed("WireFuzzTest");
        long cpuStartNs = threads.getCurrentThreadCpuTime();
        Random random = new Random(seed);
        WireSamples samples = new WireSamples(random);
        for (int i = 0; i < FRAMES; i++) {
            int kind = random.nextInt(20);
            if (kind < 12) {
                byte[] payload = mutate(random, payload(WireCodec.encodeRequest(samples.clientRequest())));
                fuzz(seed, i, random, payload, WireCodec::decodeRequest);
            } else if (kind < 15) {
                byte[] payload = mutate(random, payload(WireCodec.encodeConnectRequest(samples.connectRequest())));
                fuzz(seed, i, random, payload, WireCodec::decodeConnectRequest);
            } else if (kind < 17) {
                fuzz(seed, i, random, randomRequestBytes(random), WireCodec::decodeRequest);
            } else if (kind < 19) {
                Request sent = samples.clientRequest().request();
                Reply reply = samples.reply(sent);
                byte[] payload = mutate(random, payload(WireCodec.encodeReply(reply.header(), reply.response())));
                fuzz(seed, i, random, payload, buffer -> WireCodec.decodeReply(buffer, sent));
            } else if (random.nextBoolean()) {
                fuzz(seed, i, random, mutate(random, payload(WireCodec.encodeEvent(samples.event()))),
                        WireCodec::decodeEvent);
            } else {
                byte[] payload = mutate(random, payload(WireCodec.encodeConnectResponse(samples.connectResponse())));
                fuzz(seed, i, random, payload, WireCodec::decodeConnectResponse);
            }
        }
        System.out.printf("WireFuzzTest: %d frames, %d decoded (%d as Malformed requests), %d rejected, "
                + "max %d bytes allocated by one decode, %d ms CPU%n", FRAMES, decoded, malformed, rejected,
                maxAllocatedBytes, (threads.getCurrentThreadCpuTime() - cpuStartNs) / 1_000_000);
        assertEquals(FRAMES, decoded + rejected);
        assertTrue(rejected > FRAMES / 10 && decoded > FRAMES / 10, "the fuzz should reach both outcomes");
        assertTrue(malformed > 0, "some mutated requests should decode as Malformed");
    }

    private void fuzz(long seed, int index, Random random, byte[] payload, Function<ByteBuffer, Object> decoder) {
        ByteBuffer buffer = wrap(random, payload);
        int position = buffer.position();
        int limit = buffer.limit();
        long before = threads.getCurrentThreadAllocatedBytes();
        Object result = null;
        Throwable thrown = null;
        try {
            result = decoder.apply(buffer);
        } catch (Throwable t) {
            thrown = t;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        Supplier<String> replay = () -> "seed " + seed + ", frame " + index + ", payload "
                + HexFormat.of().formatHex(payload);
        if (thrown != null && !(thrown instanceof WireFormatException)) {
            fail("decoder threw " + thrown + " (" + replay.get() + ")", thrown);
        }
        if (thrown == null) {
            assertNotNull(result, replay);
            decoded++;
            if (result instanceof ClientRequest r && r.request() instanceof Request.Malformed) {
                malformed++;
            }
        } else {
            rejected++;
        }
        assertEquals(position, buffer.position(), replay);
        assertEquals(limit, buffer.limit(), replay);
        long allowed = FIXED_ALLOCATION_BYTES + ALLOCATION_BYTES_PER_FRAME_BYTE * payload.length;
        if (allocated > allowed) {
            // The first pass through a code path also pays for one-time linkage (lambdas, string
            // concatenation bootstraps): judge the decode by a second, warm run.
            allocated = allocatedBy(decoder, ByteBuffer.wrap(payload.clone()));
        }
        long finalAllocated = allocated;
        assertTrue(allocated <= allowed, () -> "decode allocated " + finalAllocated + " bytes (" + replay.get() + ")");
        maxAllocatedBytes = Math.max(maxAllocatedBytes, allocated);
    }

    private long allocatedBy(Function<ByteBuffer, Object> decoder, ByteBuffer buffer) {
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            decoder.apply(buffer);
        } catch (WireFormatException expected) {
            // counted on the first pass
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /** The payload in one of the buffer shapes a caller may hand over. */
    private static ByteBuffer wrap(Random random, byte[] payload) {
        return switch (random.nextInt(5)) {
            case 0 -> ByteBuffer.allocateDirect(payload.length).put(payload).flip();
            case 1 -> ByteBuffer.wrap(payload).asReadOnlyBuffer();
            case 2 -> ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            case 3 -> {
                byte[] padded = new byte[payload.length + 7];
                System.arraycopy(payload, 0, padded, 3, payload.length);
                yield ByteBuffer.wrap(padded, 3, payload.length);
            }
            default -> ByteBuffer.wrap(payload);
        };
    }

    private static byte[] mutate(Random random, byte[] payload) {
        byte[] bytes = payload;
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    for (int flips = 1 + random.nextInt(4); flips > 0 && bytes.length > 0; flips--) {
                        int bit = random.nextInt(bytes.length * 8);
                        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                }
                case 1 -> {
                    if (bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
                    }
                }
                case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 3 -> {
                    int extra = 1 + random.nextInt(16);
                    int old = bytes.length;
                    bytes = Arrays.copyOf(bytes, old + extra);
                    for (int i = old; i < bytes.length; i++) {
                        bytes[i] = (byte) random.nextInt();
                    }
                }
                default -> {
                    if (bytes.length >= 4) {
                        int at = random.nextInt(bytes.length - 3);
                        int value = random.nextBoolean() ? FORGED[random.nextInt(FORGED.length)]
                                : bytes.length - at + random.nextInt(8) - 4;
                        ByteBuffer.wrap(bytes).putInt(at, value);
                    }
                }
            }
        }
        return bytes;
    }

    /** Random bytes, often behind a valid header so that the body parsers see them. */
    private static byte[] randomRequestBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        if (bytes.length >= 8 && random.nextInt(4) != 0) {
            int[] known = WireSamples.KNOWN_OPCODES.stream().mapToInt(Integer::intValue).sorted().toArray();
            ByteBuffer.wrap(bytes).putInt(4, known[random.nextInt(known.length)]);
        }
        return bytes;
    }

    private static byte[] payload(ByteBuffer frame) {
        return Arrays.copyOfRange(frame.array(), Frames.LENGTH_PREFIX_BYTES, frame.limit());
    }
}
