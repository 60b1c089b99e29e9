package dev.cairn.policy.kyverno;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kyverno's autogen (pkg/autogen/v1): a policy whose rules match Pods also gets, per rule,
 * {@code autogen-<rule>} matching the pod controllers and {@code autogen-cronjob-<rule>} matching
 * CronJob — unless any rule names resources, uses selectors or annotations, or mixes Pod with
 * other kinds (then nothing is generated for the whole policy), or the
 * {@code pod-policies.kyverno.io/autogen-controllers} annotation narrows or disables it ({@code none}).
 */
final class Autogen {
    static final List<String> CONTROLLERS = List.of("DaemonSet", "Deployment", "Job", "StatefulSet", "ReplicaSet", "ReplicationController");
    private static final Set<String> POD_AND_CONTROLLERS = Set.of("Pod", "DaemonSet", "Deployment", "Job", "StatefulSet", "ReplicaSet",
            "ReplicationController", "CronJob");
    private static final int MAX_RULE_NAME = 63;

    private Autogen() {
    }

    static List<KyvernoRule> expand(List<KyvernoRule> rules, Optional<String> annotation) {
        boolean compatible = rules.stream().allMatch(r -> r.match().autogenCompatible() && r.exclude().map(ResourceFilter::autogenCompatible).orElse(true));
        boolean needed = rules.stream().anyMatch(r -> kinds(r).stream().anyMatch(k -> POD_AND_CONTROLLERS.contains(bareKind(k))));
        if (!compatible || !needed) {
            return rules;
        }
        Set<String> controllers = new TreeSet<>(annotation.map(a -> Arrays.asList(a.split(","))).orElseGet(() -> {
            List<String> all = new ArrayList<>(CONTROLLERS);
            all.add("CronJob");
            return all;
        }));
        if (controllers.contains("none")) {
            return rules;
        }
        boolean all = controllers.contains("all");
        List<String> podControllers = all ? CONTROLLERS.stream().sorted().toList()
                : controllers.stream().filter(CONTROLLERS::contains).sorted().toList();
        boolean cronJob = all || controllers.contains("CronJob");
        List<KyvernoRule> out = new ArrayList<>(rules.stream().filter(r -> !r.name().startsWith("autogen-")).toList());
        for (KyvernoRule rule : rules) {
            if (rule.name().startsWith("autogen-") || !generates(rule)) {
                continue;
            }
            if (!podControllers.isEmpty()) {
                out.add(rename(rule, "autogen-", podControllers));
            }
            if (cronJob) {
                out.add(rename(rule, "autogen-cronjob-", List.of("CronJob")));
            }
        }
        return out;
    }

    /** A rule is rewritten when it matches Pod and any exclude also names Pod (or no kinds). */
    private static boolean generates(KyvernoRule rule) {
        boolean matchesPod = rule.match().kinds().stream().anyMatch(ResourceFilter.Description::isPod);
        List<String> excludeKinds = rule.exclude().map(ResourceFilter::kinds).orElse(List.of());
        return matchesPod && (excludeKinds.isEmpty() || excludeKinds.stream().anyMatch(ResourceFilter.Description::isPod));
    }

    private static KyvernoRule rename(KyvernoRule rule, String prefix, List<String> kinds) {
        String name = prefix + rule.name();
        if (name.length() > MAX_RULE_NAME) {
            name = name.substring(0, MAX_RULE_NAME);
        }
        return new KyvernoRule(name, rule.match().withPodReplacedBy(kinds), rule.exclude().map(e -> e.withPodReplacedBy(kinds)), rule.verifyImages());
    }

    private static List<String> kinds(KyvernoRule rule) {
        List<String> kinds = new ArrayList<>(rule.match().kinds());
        rule.exclude().ifPresent(e -> kinds.addAll(e.kinds()));
        return kinds;
    }

    private static String bareKind(String kind) {
        return kind.substring(kind.lastIndexOf('/') + 1);
    }
}
