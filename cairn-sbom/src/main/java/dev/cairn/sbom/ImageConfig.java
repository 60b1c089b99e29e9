package dev.cairn.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.CairnException;
import dev.cairn.model.Digest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What the scan needs from an image config: the layers' diffIDs, index-aligned with the manifest's layers. */
final class ImageConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageConfig() {
    }

    static List<Digest> diffIds(byte[] config, int layerCount, String image) {
        JsonNode root;
        try {
            root = JSON.readTree(config);
        } catch (IOException e) {
            throw CairnException.invalid(image + ": image config is not JSON: " + e.getMessage());
        }
        JsonNode ids = root == null ? null : root.path("rootfs").path("diff_ids");
        if (ids == null || !ids.isArray()) {
            throw CairnException.invalid(image + ": image config has no rootfs.diff_ids");
        }
        if (ids.size() != layerCount) {
            throw CairnException.invalid(image + ": image config lists " + ids.size() + " diff_ids for " + layerCount + " layers");
        }
        List<Digest> out = new ArrayList<>(ids.size());
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw CairnException.invalid(image + ": image config has a diff_id that is not a string");
            }
            out.add(Digest.parse(id.asText()));
        }
        return out;
    }
}
