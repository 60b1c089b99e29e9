package dev.cairn.policy;

import dev.cairn.model.CairnException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyLoaderTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void multiDocumentYamlSkipsEmptyDocuments() {
        List<?> documents = PolicyLoader.documents(utf8("---\nkind: A\n---\n---\nkind: B\n...\n"), "p.yaml");
        assertThat(documents).hasSize(2);
    }

    @Test
    void billionLaughsAliasesAreNotExpanded() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 60; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        // The tree reader never expands aliases (an alias reads as the anchor's name), so the document
        // stays as small as its text instead of 10^60 nodes.
        List<com.fasterxml.jackson.databind.JsonNode> documents = PolicyLoader.documents(utf8(yaml.toString()), "bomb.yaml");
        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).path("a59")).hasSize(10);
        assertThat(documents.get(0).path("a59").get(0).isContainerNode()).isFalse();
    }

    @Test
    void duplicateKeysAreRefusedSoAReviewerSeesWhatIsEnforced() {
        assertThatThrownBy(() -> PolicyLoader.documents(utf8("kind: A\nkind: B\n"), "dup.yaml"))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("dup.yaml");
    }

    @Test
    void unknownKindIsRefusedWithOneLineNamingTheSource() {
        PolicyLoader loader = new PolicyLoader(List.of());
        assertThatThrownBy(() -> loader.load(List.of(new PolicyLoader.Source("p.yaml", utf8("apiVersion: v1\nkind: ConfigMap\n")))))
                .isInstanceOf(CairnException.class)
                .hasMessageStartingWith("p.yaml: not a policy Cairn reads (apiVersion 'v1', kind 'ConfigMap')")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void fingerprintChangesWithTheTextSoCachesInvalidate() {
        PolicyFormat any = new PolicyFormat() {
            public boolean reads(String apiVersion, String kind) {
                return true;
            }

            public ImagePolicy parse(com.fasterxml.jackson.databind.JsonNode document, String source) {
                return new ImagePolicy() {
                    public String kind() {
                        return "Test";
                    }

                    public String name() {
                        return source;
                    }

                    public List<RuleResult> evaluate(AdmissionResource resource, Verifications verifications) {
                        return List.of();
                    }
                };
            }
        };
        PolicyLoader loader = new PolicyLoader(List.of(any));
        String a = loader.load(List.of(new PolicyLoader.Source("p.yaml", utf8("kind: A\n")))).fingerprint();
        String b = loader.load(List.of(new PolicyLoader.Source("p.yaml", utf8("kind: B\n")))).fingerprint();
        assertThat(a).isNotEqualTo(b).hasSize(64);
    }
}
