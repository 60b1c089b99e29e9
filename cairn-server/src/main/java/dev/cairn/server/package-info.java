/** The admission webhook: AdmissionReview over HTTPS, a verification cache in front of registries, metrics. */
package dev.cairn.server;
