package io.warden.actors.endpoint;

/** A client announced a frame longer than jute.maxbuffer (or a negative length). */
public final class FrameTooLargeException extends RuntimeException {
    public FrameTooLargeException(int length, int maxFrameBytes) {
        super("Len error " + length + ": frame length must be between 0 and jute.maxbuffer=" + maxFrameBytes);
    }
}
