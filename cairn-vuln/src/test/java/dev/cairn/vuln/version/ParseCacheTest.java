package dev.cairn.vuln.version;

import dev.cairn.model.CairnException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versions parsed once: same answers from the cache, failures never cached, bounded. */
class ParseCacheTest {
    @Test
    void parsesOnceAndKeepsOnlySuccesses() {
        AtomicInteger calls = new AtomicInteger();
        ParseCache<String> cache = new ParseCache<>(v -> {
            calls.incrementAndGet();
            return v == null || v.startsWith("x") ? null : v.toUpperCase();
        });
        assertThat(cache.get("a")).isEqualTo("A");
        assertThat(cache.get("a")).isEqualTo("A");
        assertThat(calls).hasValue(1);
        assertThat(cache.get("xy")).isNull();
        assertThat(cache.get("xy")).isNull();
        assertThat(calls).hasValue(3);
        assertThat(cache.contains("a")).isTrue();
        assertThat(cache.contains("xy")).isFalse();
        assertThat(cache.get(null)).isNull();
        assertThat(cache.contains(null)).isFalse();
    }

    @Test
    void staysBounded() {
        ParseCache<Integer> cache = new ParseCache<>(String::length);
        for (int i = 0; i < ParseCache.MAX * 3; i++) {
            assertThat(cache.get("v" + i)).isEqualTo(("v" + i).length());
        }
        assertThat(cache.contains("v0")).isFalse();
        assertThat(cache.contains("v" + (ParseCache.MAX * 3 - 1))).isTrue();
    }

    @Test
    void pep440AndMavenAnswerTheSameTwiceAndAfterEviction() {
        List<String> pep = List.of("1.0", "1.0.0", "1.0a1", "1.0.dev0", "1.0.post1", "1!0.5", "1.0+ubuntu1", "v2.0rc1", "1.0-1");
        List<String> mvn = List.of("1", "1.0", "1-sp", "1-1", "1.1", "1.0-alpha1", "1.0-SNAPSHOT", "1.0.0.X1", "1-final");
        for (VersionScheme s : List.of(Pep440VersionScheme.INSTANCE, MavenVersionScheme.INSTANCE)) {
            List<String> vs = s == Pep440VersionScheme.INSTANCE ? pep : mvn;
            List<Integer> first = compareAll(s, vs);
            assertThat(compareAll(s, vs)).isEqualTo(first);
            for (int i = 0; i < ParseCache.MAX + 10; i++) {
                s.validate("9." + i); // fills and empties the cache
            }
            assertThat(compareAll(s, vs)).isEqualTo(first);
        }
    }

    @Test
    void invalidVersionsKeepTheirMessagesWhenAsked() {
        Pep440VersionScheme pep = Pep440VersionScheme.INSTANCE;
        for (int i = 0; i < 2; i++) {
            assertThat(pep.validate("not-a-version")).contains("not a PEP 440 version");
            assertThat(pep.validate("")).contains("empty version");
            assertThat(pep.validate(null)).contains("empty version");
            assertThat(pep.validate("1.0 ")).get().asString().startsWith("version contains a space");
            assertThatThrownBy(() -> pep.compare("1.0", "junk!")).isInstanceOf(CairnException.class)
                    .hasMessageContaining("not a pep440 version: 'junk!': not a PEP 440 version");
            assertThatThrownBy(() -> pep.compare("", "1.0")).isInstanceOf(CairnException.class)
                    .hasMessageContaining("empty version");
        }
    }

    private static List<Integer> compareAll(VersionScheme s, List<String> vs) {
        List<Integer> out = new ArrayList<>();
        for (String a : vs) {
            for (String b : vs) {
                out.add(Integer.signum(s.compare(a, b)));
            }
        }
        return out;
    }
}
