package io.warden.actors.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    @Test
    void boundedInFrames_andAnOfferPastTheBoundIsRefusedWithoutBeingQueued() {
        OutboundQueue queue = new OutboundQueue(2);
        assertEquals(OutboundQueue.Offered.ENQUEUED, queue.offer(ByteString.fromString("a")));
        assertEquals(OutboundQueue.Offered.ENQUEUED, queue.offer(ByteString.fromString("b")));
        assertEquals(OutboundQueue.Offered.FULL, queue.offer(ByteString.fromString("c")));
        assertEquals("a", queue.poll().utf8String());
        assertEquals(OutboundQueue.Offered.ENQUEUED, queue.offer(ByteString.fromString("d")));
        assertEquals("b", queue.poll().utf8String());
        assertEquals("d", queue.poll().utf8String());
        assertNull(queue.poll());
    }

    @Test
    void completedQueue_refusesOffers_butKeepsWhatWasQueued() {
        OutboundQueue queue = new OutboundQueue(4);
        queue.offer(ByteString.fromString("last words"));
        queue.complete();
        assertEquals(OutboundQueue.Offered.CLOSED, queue.offer(ByteString.fromString("late")));
        assertTrue(queue.isCompleted());
        assertEquals("last words", queue.poll().utf8String());
        assertNull(queue.poll());
    }

    @Test
    void failedQueue_refusesOffers_andReportsWhy() {
        OutboundQueue queue = new OutboundQueue(4);
        IllegalStateException cause = new IllegalStateException("slow client");
        queue.fail(cause);
        assertSame(cause, queue.failure());
        assertEquals(OutboundQueue.Offered.CLOSED, queue.offer(ByteString.fromString("x")));
    }

    @Test
    void consumerIsWokenOnlyWhileItWaits_andOncePerWait() {
        OutboundQueue queue = new OutboundQueue(8);
        AtomicInteger wakeUps = new AtomicInteger();
        queue.attach(wakeUps::incrementAndGet);
        queue.offer(ByteString.fromString("not waiting"));
        assertEquals(0, wakeUps.get(), "a consumer that did not say it waits is not woken");
        queue.awaitSignal();
        queue.offer(ByteString.fromString("1"));
        queue.offer(ByteString.fromString("2"));
        assertEquals(1, wakeUps.get(), "one wake-up per wait");
        queue.awaitSignal();
        queue.complete();
        assertEquals(2, wakeUps.get(), "completion wakes a waiting consumer");
    }

    @Test
    void consumerThatFoundAnItemAfterAll_cancelsItsWait() {
        OutboundQueue queue = new OutboundQueue(8);
        AtomicInteger wakeUps = new AtomicInteger();
        queue.attach(wakeUps::incrementAndGet);
        queue.awaitSignal();
        queue.cancelAwait();
        queue.offer(ByteString.fromString("x"));
        assertEquals(0, wakeUps.get());
    }
}
