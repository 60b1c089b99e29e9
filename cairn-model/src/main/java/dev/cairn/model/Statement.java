package dev.cairn.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-toto Statement v1: what is claimed ({@code predicate} of {@code predicateType}) about
 * which artifacts ({@code subject}, identified by digest).
 */
public record Statement(String type, List<Subject> subject, String predicateType, JsonNode predicate) {
    public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";
    public static final String TYPE_V01 = "https://in-toto.io/Statement/v0.1";

    public Statement {
        Objects.requireNonNull(type, "type");
        subject = List.copyOf(subject);
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** A named artifact and its digests ({@code sha256 -> hex}). */
    public record Subject(String name, Map<String, String> digest) {
        public Subject {
            Objects.requireNonNull(name, "name");
            digest = Map.copyOf(digest);
        }

        /** Whether this subject names exactly the digest given (same algorithm, same value). */
        public boolean names(Digest d) {
            return d.hex().equals(digest.get(d.algorithm()));
        }
    }

    public boolean isAbout(Digest d) {
        return subject.stream().anyMatch(s -> s.names(d));
    }
}
