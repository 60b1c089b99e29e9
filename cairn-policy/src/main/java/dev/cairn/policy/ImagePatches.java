package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cairn.model.CairnException;

import java.util.List;

/** Applies digest pins to a copy of a resource ({@code cairn policy apply} shows the mutated resource). */
public final class ImagePatches {
    private ImagePatches() {
    }

    public static JsonNode apply(JsonNode object, List<RuleResult.ImagePatch> patches) {
        JsonNode copy = object.deepCopy();
        for (RuleResult.ImagePatch patch : patches) {
            String pointer = patch.pointer();
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = copy.at(pointer.substring(0, slash));
            String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            if (parent instanceof ObjectNode o && o.has(last)) {
                o.set(last, TextNode.valueOf(patch.pinned()));
            } else if (parent instanceof ArrayNode a && last.matches("\\d+") && Integer.parseInt(last) < a.size()) {
                a.set(Integer.parseInt(last), TextNode.valueOf(patch.pinned()));
            } else {
                throw CairnException.invalid("cannot pin image at " + pointer + ": no such field");
            }
        }
        return copy;
    }
}
