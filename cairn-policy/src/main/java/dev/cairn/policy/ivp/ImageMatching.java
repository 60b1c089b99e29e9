package dev.cairn.policy.ivp;

import dev.cel.runtime.CelEvaluationException;

import java.util.List;
import java.util.Map;

/** {@code matchImageReferences}: none selects every image; else any glob or expression that matches. */
record ImageMatching(List<ImageValidatingPolicy.ImageMatcher> matchers) {

    boolean matches(String image) throws CelEvaluationException {
        if (matchers.isEmpty()) {
            return true;
        }
        for (ImageValidatingPolicy.ImageMatcher matcher : matchers) {
            boolean matched = switch (matcher) {
                case ImageValidatingPolicy.ImageMatcher.Glob g -> ImageValidatingPolicy.globMatches(g, image);
                case ImageValidatingPolicy.ImageMatcher.Expression e -> Boolean.TRUE.equals(e.program().eval(Map.of("ref", image)));
            };
            if (matched) {
                return true;
            }
        }
        return false;
    }
}
