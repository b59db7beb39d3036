package io.dialect.tts.api.v1alpha1;

/** The API group and version of every kind in this package. */
public final class ApiGroup {
  public static final String GROUP = "tts.dialect.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private ApiGroup() {
  }
}
