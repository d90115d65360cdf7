package dev.skyless.local.telemetry;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OTLP/HTTP traces in protobuf ({@code POST /v1/traces}, what the runtime's exporter sends with
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf}), read into {@link SpanRecord}s.
 */
public final class OtlpTraces {

  /** The content type of OTLP/HTTP in protobuf. */
  public static final String PROTOBUF = "application/x-protobuf";

  private static final HexFormat HEX = HexFormat.of();

  private OtlpTraces() {}

  /**
   * The spans of one export request.
   *
   * @throws IllegalArgumentException when the body is not an ExportTraceServiceRequest
   */
  public static List<SpanRecord> read(byte[] body) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "not an OTLP ExportTraceServiceRequest: " + e.getMessage(), e);
    }
    List<SpanRecord> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String service = service(resourceSpans.getResource());
      for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.add(record(service, span));
        }
      }
    }
    return spans;
  }

  /** The (empty, successful) answer to an export. */
  public static byte[] accepted() {
    return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
  }

  private static SpanRecord record(String service, Span span) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (KeyValue attribute : span.getAttributesList()) {
      attributes.put(attribute.getKey(), text(attribute.getValue()));
    }
    ByteString parent = span.getParentSpanId();
    return new SpanRecord(
        hex(span.getTraceId()),
        hex(span.getSpanId()),
        parent.isEmpty() ? Optional.empty() : Optional.of(hex(parent)),
        service,
        span.getName(),
        span.getKind().name().replace("SPAN_KIND_", ""),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
        span.getStatus().getMessage(),
        attributes);
  }

  private static String service(Resource resource) {
    for (KeyValue attribute : resource.getAttributesList()) {
      if (attribute.getKey().equals("service.name")) {
        return text(attribute.getValue());
      }
    }
    return "unknown";
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      default -> value.toString().trim();
    };
  }
}
