package io.dialect.tts.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API (S3Proxy over an in-memory blob store) on a free loopback port, in process. Clients
 * use path-style access with {@link #ACCESS_KEY}/{@link #SECRET_KEY} and any region.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final BlobStoreContext context;

  private S3ProxyServer(S3Proxy proxy, BlobStoreContext context) {
    this.proxy = proxy;
    this.context = context;
  }

  /** On a free loopback port. */
  public static S3ProxyServer start() {
    return start("127.0.0.1");
  }

  /** On a free port of {@code host} (e.g. 0.0.0.0, so pods in their own network reach it too). */
  public static S3ProxyServer start(String host) {
    BlobStoreContext context = ContextBuilder.newBuilder("transient")
        .credentials(ACCESS_KEY, SECRET_KEY)
        .overrides(new Properties())
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://" + host + ":0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    try {
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(10);
      }
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("S3Proxy did not start: " + e.getMessage(), e);
    }
    return new S3ProxyServer(proxy, context);
  }

  /** e.g. http://127.0.0.1:34567 */
  public URI endpoint() {
    return endpoint("127.0.0.1");
  }

  /** The endpoint as clients reach it through {@code address} (e.g. the pod network's host address). */
  public URI endpoint(String address) {
    return URI.create("http://" + address + ":" + proxy.getPort());
  }

  /** Creates a bucket directly in the blob store (tests arrange state without going through S3). */
  public void createBucket(String bucket) {
    blobStore().createContainerInLocation(null, bucket);
  }

  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      context.close();
    }
  }
}
