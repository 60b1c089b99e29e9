package dev.cairn.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackageNamesTest {
    @ParameterizedTest
    @CsvSource({
            "Jinja2, jinja2",
            "jinja_2, jinja-2",
            "Friendly-Bard, friendly-bard",
            "FRIENDLY._-BARD, friendly-bard",
            "zope.interface, zope-interface",
            "-lead.trail_, -lead-trail-",
            "a..b__c--d, a-b-c-d",
            "ÉLAN_Vital, élan-vital",
    })
    void collapsesSeparatorRunsAndLowersCase(String name, String normalised) {
        assertThat(PackageNames.pep503(name)).isEqualTo(normalised);
    }

    /** The regular expression PEP 503 gives, for names a loop could get wrong. */
    @ParameterizedTest
    @ValueSource(strings = {"", "-", "._-", "A", "requests", "Django_REST.framework", "İstanbul-Pkg", "ǅemal.x", "ß_x"})
    void agreesWithPep503sRegularExpression(String name) {
        assertThat(PackageNames.pep503(name)).isEqualTo(name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-"));
    }
}
