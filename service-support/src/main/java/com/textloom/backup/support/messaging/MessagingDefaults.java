package com.textloom.backup.support.messaging;

import com.textloom.backup.events.Topics;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The suite's Kafka conventions, applied by configuration to every Kafka channel a service declares
 * ({@code mp.messaging.incoming|outgoing.<channel>.connector=smallrye-kafka} or {@code .topic=...}), so a
 * service writes only its channel names and topics:
 *
 * <ul>
 * <li>incoming: key as string, value read by {@link SuiteEventDeserializer} (schema-checked, dispatched
 * on {@code ce_type}); {@code failure-strategy=}{@value SuiteDeadLetters#STRATEGY} with
 * {@code fail-on-deserialization-failure=false}: an unreadable or nacked record goes to {@code <its topic>.dlq}
 * ({@link Topics#deadLetter(String)}) with the reason in {@code dead-letter-reason} ({@link SuiteDeadLetters}, the
 * one dead-letter mechanism of the suite); a new consumer group starts from the earliest record;</li>
 * <li>outgoing: key as string, value written by {@link SuiteEventSerializer}; CloudEvents in binary mode
 * with {@code source} = {@code quarkus.application.name} and content type {@code application/json}.</li>
 * </ul>
 *
 * And for every Kafka client of the service, channels and plain clients alike: the broker's security settings of
 * the {@code BACKUP_KAFKA_*} variables as global {@code kafka.security.protocol}, {@code kafka.sasl.*},
 * {@code kafka.ssl.*} ({@link KafkaClientSecurity}); a bad value stops start-up naming the variable.
 *
 * <p>These are defaults at ordinal {@value #ORDINAL}: anything the service sets in its
 * {@code application.properties} (250) or environment wins. Registered through
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class MessagingDefaults implements ConfigSourceFactory {

    /** Below application.properties (250), above Quarkus' generated defaults. */
    public static final int ORDINAL = 200;

    private static final Pattern CHANNEL_PROPERTY =
            Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.([^.]+|\"[^\"]+\")\\.(.+)$");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, TreeSet<String>> channels = Map.of("incoming", new TreeSet<>(), "outgoing", new TreeSet<>());
        for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
            Matcher m = CHANNEL_PROPERTY.matcher(names.next());
            if (m.matches() && isKafka(context, m.group(1), m.group(2))) {
                channels.get(m.group(1)).add(m.group(2));
            }
        }
        String service = value(context, "quarkus.application.name", "textloom-backup");
        Map<String, String> defaults = new HashMap<>();
        for (String channel : channels.get("incoming")) {
            String prefix = "mp.messaging.incoming." + channel + ".";
            defaults.put(prefix + "key.deserializer", StringDeserializer.class.getName());
            defaults.put(prefix + "value.deserializer", SuiteEventDeserializer.class.getName());
            defaults.put(prefix + "failure-strategy", SuiteDeadLetters.STRATEGY);
            defaults.put(prefix + "fail-on-deserialization-failure", "false");
            defaults.put(prefix + "auto.offset.reset", "earliest");
        }
        for (String channel : channels.get("outgoing")) {
            String prefix = "mp.messaging.outgoing." + channel + ".";
            defaults.put(prefix + "key.serializer", StringSerializer.class.getName());
            defaults.put(prefix + "value.serializer", SuiteEventSerializer.class.getName());
            defaults.put(prefix + "cloud-events-mode", "binary");
            defaults.put(prefix + "cloud-events-source", service);
            defaults.put(prefix + "cloud-events-data-content-type", "application/json");
        }
        KafkaClientSecurity.properties(name -> value(context, name, null))
                .forEach((name, value) -> defaults.put("kafka." + name, value));
        return List.of(new PropertiesConfigSource(defaults, "TextLoomMessagingDefaults", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isKafka(ConfigSourceContext context, String direction, String channel) {
        String connector = value(context, "mp.messaging." + direction + "." + channel + ".connector", null);
        return connector == null || connector.equals("smallrye-kafka");
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue();
    }
}
