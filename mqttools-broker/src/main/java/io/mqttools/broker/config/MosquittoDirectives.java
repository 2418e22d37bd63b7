package io.mqttools.broker.config;

import java.util.Set;

/** The mosquitto 2 directives this broker knows but does not implement: each gives a warning, not an error. */
final class MosquittoDirectives {
    static final Set<String> UNSUPPORTED = Set.of(
            // general
            "accept_protocol_versions", "allow_duplicate_messages", "allow_zero_length_clientid", "auth_plugin",
            "auth_plugin_deny_special_chars", "auto_id_prefix", "check_retain_source", "clientid_prefixes", "connection_messages", "global_plugin", "log_facility",
            "log_timestamp", "log_timestamp_format", "max_inflight_bytes", "memory_limit",
            "persistence_file", "plugin", "psk_file", "queue_qos0_messages",
            "upgrade_outgoing_qos", "user", "websockets_log_level", "enable_control_api",
            // listeners
            "bind_interface", "ciphers", "ciphers_tls1.3", "crlfile", "dhparamfile", "http_dir", "max_qos",
            "max_topic_alias", "mount_point", "psk_hint", "set_tcp_nodelay", "tls_engine",
            "tls_engine_kpass_sha1", "tls_keyform", "use_subject_as_username", "use_username_as_clientid",
            "websockets_headers_size", "certfile_alpn",
            // bridges
            "connection", "address", "addresses", "bridge_alpn", "bridge_attempt_unsubscribe", "bridge_bind_address",
            "bridge_cafile", "bridge_capath", "bridge_certfile", "bridge_identity", "bridge_insecure", "bridge_keyfile",
            "bridge_max_packet_size", "bridge_outgoing_retain", "bridge_protocol_version", "bridge_psk",
            "bridge_require_ocsp", "bridge_tls_version", "cleansession", "idle_timeout", "keepalive_interval",
            "local_cleansession", "local_clientid", "local_password", "local_username", "notification_topic",
            "notifications", "notifications_local_only", "remote_clientid", "remote_password", "remote_username",
            "restart_timeout", "round_robin", "start_type", "threshold", "topic", "try_private");

    private MosquittoDirectives() {
    }

    /** True for a directive mosquitto has and this broker ignores; {@code auth_opt_*} and {@code plugin_opt_*} too. */
    static boolean unsupported(String directive) {
        return UNSUPPORTED.contains(directive) || directive.startsWith("auth_opt_")
                || directive.startsWith("plugin_opt_");
    }
}
