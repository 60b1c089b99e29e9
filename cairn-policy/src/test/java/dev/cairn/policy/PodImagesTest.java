package dev.cairn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.CairnException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void podImagesOfEveryContainerTypeWithTheirPointers() {
        JsonNode pod = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{"
                + "'initContainers':[{'name':'init','image':'busybox'}],"
                + "'containers':[{'name':'app','image':'ghcr.io/org/app:v1'},{'name':'side','image':'envoy@sha256:" + "a".repeat(64) + "'}],"
                + "'ephemeralContainers':[{'name':'debug','image':'alpine'}]}}");
        assertThat(PodImages.all("Pod", pod)).containsExactly(
                new ContainerImage("/spec/initContainers/0/image", "initContainers", "init", "busybox"),
                new ContainerImage("/spec/containers/0/image", "containers", "app", "ghcr.io/org/app:v1"),
                new ContainerImage("/spec/containers/1/image", "containers", "side", "envoy@sha256:" + "a".repeat(64)),
                new ContainerImage("/spec/ephemeralContainers/0/image", "ephemeralContainers", "debug", "alpine"));
    }

    @Test
    void imageVolumeCannotBypassVerification() {
        JsonNode pod = json("{'kind':'Pod','spec':{'containers':[{'name':'app','image':'app:v1'}],"
                + "'volumes':[{'name':'data','emptyDir':{}},{'name':'model','image':{'reference':'evil.example/payload:latest','pullPolicy':'Always'}}]}}");
        assertThat(PodImages.all("Pod", pod)).contains(
                new ContainerImage("/spec/volumes/1/image/reference", PodImages.VOLUMES, "model", "evil.example/payload:latest"));
    }

    @Test
    void podControllersKeepTheirPodTemplateWhereKubernetesDoes() {
        JsonNode deployment = json("{'kind':'Deployment','spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}");
        JsonNode cronJob = json("{'kind':'CronJob','spec':{'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'}]}}}}}}");
        assertThat(PodImages.all("Deployment", deployment)).extracting(ContainerImage::pointer).containsExactly("/spec/template/spec/containers/0/image");
        assertThat(PodImages.all("CronJob", cronJob)).extracting(ContainerImage::pointer).containsExactly("/spec/jobTemplate/spec/template/spec/containers/0/image");
        assertThat(PodImages.all("ConfigMap", json("{'kind':'ConfigMap','data':{'image':'x'}}"))).isEmpty();
    }

    @Test
    void tenThousandImagesInOneRequestAreRefusedNotVerified() {
        ObjectNode pod = (ObjectNode) json("{'kind':'Pod','spec':{'containers':[]}}");
        ArrayNode containers = (ArrayNode) pod.path("spec").path("containers");
        for (int i = 0; i < 10_000; i++) {
            containers.addObject().put("name", "c" + i).put("image", "registry.example/app:" + i);
        }
        assertThatThrownBy(() -> PodImages.all("Pod", pod))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("more than " + PodImages.MAX_IMAGES);
    }

    @Test
    void updateVerifiesOnlyImagesThatChangedTakingOldImagesFromTheApiServerNotFromAnnotations() {
        JsonNode old = json("{'kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'name':'a','image':'app:v1'},{'name':'b','image':'db:v1'}]}}");
        JsonNode now = json("{'kind':'Pod','metadata':{'name':'p','annotations':{'kyverno.io/verify-images':'{\\\"app:v2\\\":\\\"pass\\\"}'}},"
                + "'spec':{'containers':[{'name':'a','image':'app:v2'},{'name':'b','image':'db:v1'}]}}");
        AdmissionResource update = new AdmissionResource("v1", "Pod", "default", "p", AdmissionResource.Operation.UPDATE, now, Optional.of(old), false);
        assertThat(PodImages.toVerify(update)).extracting(ContainerImage::image).containsExactly("app:v2");
        AdmissionResource create = new AdmissionResource("v1", "Pod", "default", "p", AdmissionResource.Operation.CREATE, now, Optional.empty(), false);
        assertThat(PodImages.toVerify(create)).extracting(ContainerImage::image).containsExactly("app:v2", "db:v1");
    }

    @Test
    void containerRenamedOnUpdateIsVerifiedAgain() {
        JsonNode old = json("{'kind':'Pod','spec':{'containers':[{'name':'a','image':'app:v1'}]}}");
        JsonNode now = json("{'kind':'Pod','spec':{'containers':[{'name':'b','image':'app:v1'}]}}");
        AdmissionResource update = new AdmissionResource("v1", "Pod", "default", "p", AdmissionResource.Operation.UPDATE, now, Optional.of(old), false);
        assertThat(PodImages.toVerify(update)).extracting(ContainerImage::container).containsExactly("b");
    }
}
