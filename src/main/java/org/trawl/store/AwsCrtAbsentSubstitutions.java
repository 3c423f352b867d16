package org.trawl.store;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * The native executable without the AWS Common Runtime: the SDK's checksum provider names aws-crt's classes
 * (CRC32C, CRC64NVME, XXHash), which we do not ship (native libraries of their own; trawl sends Content-MD5).
 * Quarkus links every class at build time, so a missing class referenced anywhere fails the build; these
 * bodies are what the SDK itself does when it finds aws-crt absent at run time (the same approach as
 * Quarkus's Amazon extensions). Used by native-image only; the JVM runs the SDK's own code.
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
final class AwsCrtAbsentSubstitutions {
    private AwsCrtAbsentSubstitutions() {}

    /** No CRT CRC32C: null makes the SDK take its own Java CRC32C, as when the CRT is missing. */
    @Substitute
    static SdkChecksum createCrtCrc32C() {
        return null;
    }

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new RuntimeException("CRC64NVME needs the AWS Common Runtime, which this build does not include");
    }

    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
        throw new RuntimeException("XXHash checksums need the AWS Common Runtime, which this build does not include: "
                + algorithm.algorithmId());
    }
}
