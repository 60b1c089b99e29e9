package dev.cairn.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scheme against its ordered corpus: every listed pair compares as the list says, and the
 * comparator behaves as a total order (reflexive, antisymmetric, transitive) on sampled triples.
 */
class VersionOrderCorpusTest {

    static Stream<Arguments> corpora() {
        return Stream.of(
                Arguments.of("dpkg", DebianVersionScheme.INSTANCE),
                Arguments.of("rpm", RpmVersionScheme.INSTANCE),
                Arguments.of("apk", ApkVersionScheme.INSTANCE),
                Arguments.of("semver", SemVerScheme.STRICT),
                Arguments.of("semver-lenient", SemVerScheme.LENIENT),
                Arguments.of("go", GoVersionScheme.INSTANCE),
                Arguments.of("pep440", Pep440VersionScheme.INSTANCE),
                Arguments.of("maven", MavenVersionScheme.INSTANCE),
                Arguments.of("rubygems", RubyGemsVersionScheme.INSTANCE),
                Arguments.of("nuget", NuGetVersionScheme.INSTANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void everyCorpusVersionIsValid(String corpus, VersionScheme scheme) {
        for (VersionCorpus.Entry e : VersionCorpus.load(corpus).entries()) {
            assertThat(scheme.validate(e.version())).as("%s line %d: %s", corpus, e.line(), e.version()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void everyPairComparesAsTheListSays(String corpus, VersionScheme scheme) {
        List<VersionCorpus.Entry> entries = VersionCorpus.load(corpus).entries();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            for (int j = 0; j < entries.size(); j++) {
                VersionCorpus.Entry a = entries.get(i);
                VersionCorpus.Entry b = entries.get(j);
                int expected = Integer.signum(Integer.compare(a.rank(), b.rank()));
                int actual = Integer.signum(scheme.compare(a.version(), b.version()));
                if (expected != actual) {
                    wrong.add(a.version() + " vs " + b.version() + ": expected " + expected + ", got " + actual);
                }
            }
        }
        assertThat(wrong).as(corpus).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void isATotalOrderOnSampledTriples(String corpus, VersionScheme scheme) {
        List<String> versions = VersionCorpus.load(corpus).entries().stream().map(VersionCorpus.Entry::version).toList();
        Random random = new Random(0x5eed_c0deL ^ corpus.hashCode());
        for (int n = 0; n < 5_000; n++) {
            String a = versions.get(random.nextInt(versions.size()));
            String b = versions.get(random.nextInt(versions.size()));
            String c = versions.get(random.nextInt(versions.size()));
            int ab = Integer.signum(scheme.compare(a, b));
            int bc = Integer.signum(scheme.compare(b, c));
            int ac = Integer.signum(scheme.compare(a, c));
            assertThat(scheme.compare(a, a)).as("reflexive %s", a).isZero();
            assertThat(Integer.signum(scheme.compare(b, a))).as("antisymmetric %s %s", a, b).isEqualTo(-ab);
            if (ab <= 0 && bc <= 0) {
                assertThat(ac).as("transitive %s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
            }
            if (ab == 0 && bc == 0) {
                assertThat(ac).as("equality is transitive %s %s %s", a, b, c).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void sortingAShuffledCorpusRestoresItsOrder(String corpus, VersionScheme scheme) {
        List<VersionCorpus.Entry> entries = new ArrayList<>(VersionCorpus.load(corpus).entries());
        java.util.Collections.shuffle(entries, new Random(42));
        entries.sort((x, y) -> scheme.compare(x.version(), y.version()));
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i - 1).rank()).as("%s after sorting", corpus).isLessThanOrEqualTo(entries.get(i).rank());
        }
    }
}
