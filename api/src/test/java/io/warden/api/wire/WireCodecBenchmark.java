package io.warden.api.wire;

import io.warden.api.data.Code;
import io.warden.api.data.Stat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.RequestHeader;
import org.apache.zookeeper.server.ByteBufferInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The server's hot path, Warden against ZooKeeper's jute classes used the way ZooKeeper 3.9's
 * server uses them: decode a getData request frame, encode a getData reply with 1 KiB of data.
 *
 * <p>Run (a program, not a test):
 * <pre>
 * mvn -B -o -q -pl api -am test-compile
 * mvn -B -o -q -pl api dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.cp
 * java -cp api/target/test-classes:api/target/classes:$(cat api/target/test.cp) io.warden.api.wire.WireCodecBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class WireCodecBenchmark {
    private ByteBuffer requestPayload;
    private ReplyHeader header;
    private Response.GetData response;
    private org.apache.zookeeper.proto.ReplyHeader juteHeader;
    private GetDataResponse juteResponse;

    @Setup
    public void setUp() {
        ByteBuffer frame = WireCodec.encodeRequest(new ClientRequest(42, new Request.GetData("/app/config/node-0042", true)));
        requestPayload = Frames.payload(frame, Frames.DEFAULT_MAX_PAYLOAD_BYTES);
        byte[] data = new byte[1024];
        Stat stat = new Stat(0x100000001L, 0x100000005L, 1_700_000_000_000L, 1_700_000_100_000L, 4, 0, 0, 0, 1024, 0,
                0x100000001L);
        header = new ReplyHeader(42, 0x100000009L, Code.OK);
        response = new Response.GetData(data, stat);
        juteHeader = new org.apache.zookeeper.proto.ReplyHeader(42, 0x100000009L, 0);
        juteResponse = new GetDataResponse(data, JuteBridge.stat(stat));
    }

    @Benchmark
    public ClientRequest wardenDecodeGetDataRequest() {
        return WireCodec.decodeRequest(requestPayload);
    }

    /** ZooKeeper reads the header when the frame arrives and the body later, each through an archive. */
    @Benchmark
    public GetDataRequest juteDecodeGetDataRequest() throws IOException {
        ByteBuffer incoming = requestPayload.duplicate();
        RequestHeader h = new RequestHeader();
        h.deserialize(BinaryInputArchive.getArchive(new ByteBufferInputStream(incoming)), "header");
        ByteBuffer body = incoming.slice();
        GetDataRequest request = new GetDataRequest();
        ByteBufferInputStream.byteBuffer2Record(body, request);
        return request;
    }

    @Benchmark
    public ByteBuffer wardenEncodeGetDataReply() {
        return WireCodec.encodeReply(header, response);
    }

    /** ZooKeeper serializes header and body into arrays of their own and sends them behind a length buffer. */
    @Benchmark
    public ByteBuffer[] juteEncodeGetDataReply() throws IOException {
        byte[] h = serialize(juteHeader);
        byte[] body = serialize(juteResponse);
        ByteBuffer length = ByteBuffer.allocate(4).putInt(0, h.length + body.length);
        return new ByteBuffer[] {length, ByteBuffer.wrap(h), ByteBuffer.wrap(body)};
    }

    private static byte[] serialize(Record record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        BinaryOutputArchive.getArchive(bytes).writeRecord(record, null);
        return bytes.toByteArray();
    }

    /** JMH's usual command line applies (e.g. {@code -prof gc} for bytes allocated per op). */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(WireCodecBenchmark.class.getSimpleName()).build()).run();
    }
}
