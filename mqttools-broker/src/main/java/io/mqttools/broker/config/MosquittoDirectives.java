package io.mqttools.broker.config;

import java.util.Set;

/** The mosquitto 2 directives this broker knows but does not implement: each gives a warning, not an error. */
final class MosquittoDirectives {
    static final Set<String> UNSUPPORTED = Set.of(
            // general
            "accept_protocol_versions", "allow_duplicate_messages", "allow_zero_length_clientid", "auth_plugin",
            "auth_plugin_deny_special_chars", "auto_id_prefix", "check_retain_source", "clientid_prefixes", "global_plugin", "log_facility",
            "log_timestamp", "log_timestamp_format", "max_inflight_bytes", "memory_limit",
            "persistence_file", "plugin", "psk_file", "queue_qos0_messages",
            "upgrade_outgoing_qos", "user", "websockets_log_level", "enable_control_api",
            // listeners
            "bind_interface", "ciphers", "ciphers_tls1.3", "crlfile", "dhparamfile", "http_dir", "max_qos",
            "max_topic_alias", "mount_point", "psk_hint", "set_tcp_nodelay", "tls_engine",
            "tls_engine_kpass_sha1", "tls_keyform", "use_subject_as_username", "use_username_as_clientid",
            "websockets_headers_size", "certfile_alpn",
            // bridges (BridgeDraft.DIRECTIVES reads the others)
            "bridge_alpn", "bridge_attempt_unsubscribe", "bridge_bind_address", "bridge_identity",
            "bridge_max_packet_size", "bridge_psk", "bridge_require_ocsp", "idle_timeout", "local_cleansession",
            "local_password", "local_username", "round_robin", "threshold");

    private MosquittoDirectives() {
    }

    /** True for a directive mosquitto has and this broker ignores; {@code auth_opt_*} and {@code plugin_opt_*} too. */
    static boolean unsupported(String directive) {
        return UNSUPPORTED.contains(directive) || directive.startsWith("auth_opt_")
                || directive.startsWith("plugin_opt_");
    }
}
