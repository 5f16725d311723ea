package io.warden.robustness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects log events of the running node (bounded), and can quiet a logger for the duration:
 * a fuzz run makes the server log a line per bad connection, which would only slow it down.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private static final int KEPT = 1000;

    private final Logger root;
    private final Logger quieted;
    private final Level quietedWas;
    private final List<ILoggingEvent> events = new ArrayList<>();

    private LogCapture(Logger quieted, Level quietLevel) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        this.quieted = quieted;
        this.quietedWas = quieted == null ? null : quieted.getLevel();
        if (quieted != null) {
            quieted.setLevel(quietLevel);
        }
        setContext(context);
        setName("robustness-capture");
        start();
        root.addAppender(this);
    }

    /** Captures everything that reaches the root logger. */
    static LogCapture attach() {
        return new LogCapture(null, null);
    }

    /** Captures, with {@code loggerName} raised to {@code level} until closed. */
    static LogCapture attachQuieting(String loggerName, Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        return new LogCapture(context.getLogger(loggerName), level);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        if (events.size() < KEPT) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }

    /** Formatted lines at or above {@code level} from loggers under {@code prefix}. */
    synchronized List<String> lines(Level level, String prefix) {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            if (event.getLevel().isGreaterOrEqual(level) && event.getLoggerName().startsWith(prefix)) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " (" + event.getThrowableProxy().getClassName()
                        + ": " + event.getThrowableProxy().getMessage() + ")"));
            }
        }
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
        if (quieted != null) {
            quieted.setLevel(quietedWas);
        }
    }
}
