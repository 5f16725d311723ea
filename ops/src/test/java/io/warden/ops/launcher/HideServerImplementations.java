package io.warden.ops.launcher;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Installed as the system class loader ({@code -Djava.system.class.loader=}) of a forked JVM, it
 * hides every registration of a Warden server implementation, so the launcher's "no
 * implementation" path can be tested whatever implementations later join the classpath.
 */
public final class HideServerImplementations extends ClassLoader {
    private static final String SERVICE_FILE = "META-INF/services/io.warden.actors.server.WardenNodeFactory";

    static {
        registerAsParallelCapable();
    }

    public HideServerImplementations(ClassLoader parent) {
        super(parent);
    }

    @Override
    public URL getResource(String name) {
        return SERVICE_FILE.equals(name) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return SERVICE_FILE.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
    }
}
