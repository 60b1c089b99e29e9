package dev.cairn.sign;

import dev.cairn.model.Descriptor;

import java.util.ArrayList;
import java.util.List;

/** Everything attached to an image: legacy signature and attestation layers, and every referrer. */
public record ArtifactTree(SubjectImage image, List<Section> sections) {
    public ArtifactTree {
        sections = List.copyOf(sections);
    }

    /** One place things are attached, e.g. the {@code .sig} tag or one referrer manifest. */
    public record Section(String title, String where, List<String> entries) {
        public Section {
            entries = List.copyOf(entries);
        }
    }

    public static ArtifactTree of(SubjectImage image) {
        AttachmentStore store = new AttachmentStore(image.store());
        List<Section> sections = new ArrayList<>();
        for (AttachmentStore.LegacyTag kind : AttachmentStore.LegacyTag.values()) {
            List<AttachmentStore.LegacyLayer> layers = store.legacyLayers(image.digest(), kind);
            if (!layers.isEmpty()) {
                sections.add(new Section(kind == AttachmentStore.LegacyTag.SIGNATURES ? "Signatures" : "Attestations",
                        image.store().location() + ":" + kind.tagFor(image.digest()),
                        layers.stream().map(l -> l.descriptor().digest()
                                + l.descriptor().annotations().entrySet().stream()
                                .filter(e -> e.getKey().equals(AttachmentStore.PREDICATE_TYPE_ANNOTATION))
                                .map(e -> " " + e.getValue()).findFirst().orElse("")).toList()));
            }
        }
        for (Descriptor referrer : store.referrers(image.digest())) {
            String kind = referrer.annotations().getOrDefault(AttachmentStore.BUNDLE_PREDICATE_TYPE_ANNOTATION,
                    referrer.artifactType().orElse(referrer.mediaType()));
            sections.add(new Section("Referrer " + kind, image.store().location() + "@" + referrer.digest(),
                    List.of(referrer.artifactType().orElse(referrer.mediaType()) + ", " + referrer.size() + " bytes")));
        }
        return new ArtifactTree(image, sections);
    }
}
