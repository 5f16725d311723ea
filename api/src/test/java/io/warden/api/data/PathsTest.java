package io.warden.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/b", "/a.b", "/..a", "/a..", "/.a/b.", "/zookeeper/quota", "/\u00e9t\u00e9"})
    void validPathsPass(String path) {
        assertNull(Paths.problem(path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a|path must start with / character",
        "/a/|path must not end with / character",
        "//a|empty node name specified @1",
        "/a//b|empty node name specified @3",
        "/.|relative paths not allowed @1",
        "/a/./b|relative paths not allowed @3",
        "/..|relative paths not allowed @2",
        "/a/..|relative paths not allowed @4",
        "/a\u0085|invalid character @2",
        "/\ud800x|invalid character @1",
        "/\ufff5|invalid character @1",
    })
    void invalidPathsFailWithZooKeepersReason(String path, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Paths.validate(path));
        assertEquals("Invalid path string \"" + path + "\" caused by " + reason, e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void nullCharacterAndEmptyPathAreRejected() {
        // Control characters are kept out of @CsvSource, which trims everything <= U+0020.
        assertEquals("null character not allowed @2", Paths.problem("/a\u0000"));
        assertEquals("invalid character @2", Paths.problem("/a\u0001"));
        assertEquals("invalid character @1", Paths.problem("/\u001fb"));
        assertEquals("path length must be > 0", Paths.problem(""));
        assertEquals("path cannot be null", Paths.problem(null));
    }

    @org.junit.jupiter.api.Test
    void sequentialPrefixMayEndWithSlash() {
        Paths.validate("/a/", true);
        assertThrows(IllegalArgumentException.class, () -> Paths.validate("/a/", false));
    }

    @ParameterizedTest
    @CsvSource({"/a/b,/a,b", "/a,/,a", "/x/y/z,/x/y,z"})
    void parentAndNameSplitAPath(String path, String parent, String name) {
        assertEquals(parent, Paths.parent(path));
        assertEquals(name, Paths.name(path));
        assertEquals(path, Paths.child(parent, name));
    }

    @org.junit.jupiter.api.Test
    void sequenceSuffixIsZeroPaddedToTenDigits() {
        assertEquals("0000000042", Paths.sequenceSuffix(42));
        assertEquals("2147483647", Paths.sequenceSuffix(Integer.MAX_VALUE));
    }
}
