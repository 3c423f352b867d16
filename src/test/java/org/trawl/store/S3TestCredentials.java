package org.trawl.store;

/**
 * Credentials for the in-JVM tests through the AWS chain's system properties (the chain reads them before
 * the environment, which a test cannot set).
 */
public final class S3TestCredentials {
    private S3TestCredentials() {}

    public static void use(String access, String secret) {
        System.setProperty("aws.accessKeyId", access);
        System.setProperty("aws.secretAccessKey", secret);
        System.setProperty("aws.region", "us-east-1");
    }

    public static void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
    }
}
