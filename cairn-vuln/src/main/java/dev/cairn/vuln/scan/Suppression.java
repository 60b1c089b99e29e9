package dev.cairn.vuln.scan;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** Why the gate set a finding aside. Every suppression carries the words a reviewer needs to judge it. */
public sealed interface Suppression {

    /** One line for tables and logs. */
    String describe();

    /** {@code --ignore-unfixed}: no fix is published. */
    record Unfixed() implements Suppression {
        @Override
        public String describe() {
            return "no fix published (ignore-unfixed)";
        }
    }

    /** An ignore-file rule matched; {@code reason} is the rule's mandatory reason. */
    record IgnoredByRule(IgnoreRules.Rule rule) implements Suppression {
        public IgnoredByRule {
            Objects.requireNonNull(rule, "rule");
        }

        public String reason() {
            return rule.reason();
        }

        public Optional<LocalDate> expires() {
            return rule.expires();
        }

        @Override
        public String describe() {
            return "ignored: " + rule.reason() + rule.expires().map(d -> " (until " + d + ")").orElse("");
        }
    }

    /**
     * A VEX statement says the product is not affected or the vulnerability is fixed in it.
     *
     * @param status as the document spells it: OpenVEX {@code not_affected}/{@code fixed}, CycloneDX
     *     {@code not_affected}/{@code false_positive}/{@code resolved}
     * @param justification the statement's justification, or its impact statement / detail
     */
    record VexStatement(Vex.Format format, String document, String status, Optional<String> justification,
                        Optional<String> detail) implements Suppression {
        public VexStatement {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(justification, "justification");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            StringBuilder b = new StringBuilder("VEX ").append(status);
            justification.ifPresent(j -> b.append(": ").append(j));
            detail.ifPresent(d -> b.append(" — ").append(d));
            return b.toString();
        }
    }
}
