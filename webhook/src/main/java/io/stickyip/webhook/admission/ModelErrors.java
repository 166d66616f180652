package io.stickyip.webhook.admission;

import java.util.Arrays;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Says why an object did not fit the model classes, in the words of the contract: the field, the
 * value and the rule ({@code spec.attachment.mode: bridge must be one of macvlan, ipvlan, routed}),
 * not Jackson's class names and source locations.
 */
final class ModelErrors {
    private final ObjectMapper mapper;

    ModelErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String describe(RuntimeException e) {
        if (!(e instanceof JacksonException j)) {
            return String.valueOf(e.getMessage());
        }
        String path = path(j);
        if (j instanceof InvalidFormatException f
                && f.getTargetType() != null
                && f.getTargetType().isEnum()) {
            return path + ": " + f.getValue() + " must be one of " + words(f.getTargetType());
        }
        String message = firstLine(j.getOriginalMessage());
        return path.isEmpty() ? message : path + ": " + message;
    }

    private static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** The JSON names of an enum's constants, as the mapper writes them. */
    private String words(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(c -> mapper.writeValueAsString(c).replace("\"", ""))
                .collect(Collectors.joining(", "));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
