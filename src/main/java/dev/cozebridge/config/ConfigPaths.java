package dev.cozebridge.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where relative paths in bots.yml point. What the bridge writes (the H2 database, the log file) lands in the
 * data folder: the config file's folder, or {@value #DATA_DIR_ENV} when set (the container image sets it to the
 * {@code /data} volume). What it reads next to the config ({@code private_key_file}) is relative to the config
 * file's folder. Never the working directory, which differs between a shell, systemd and a container.
 */
record ConfigPaths(Path configFolder, Path dataFolder) {
    static final String DATA_DIR_ENV = "COZE_BRIDGE_DATA_DIR";

    static ConfigPaths of(Path configFile, String dataDirEnv) {
        Path folder = configFile.toAbsolutePath().normalize().getParent();
        Path data = dataDirEnv == null || dataDirEnv.isBlank()
                ? folder
                : Path.of(dataDirEnv.strip()).toAbsolutePath().normalize();
        return new ConfigPaths(folder, data);
    }

    Path data(String path) {
        return dataFolder.resolve(expandHome(path)).normalize();
    }

    Path config(String path) {
        return configFolder.resolve(expandHome(path)).normalize();
    }

    /**
     * An H2 URL whose file path is relative ({@code jdbc:h2:file:./data/coze-bridge}, {@code jdbc:h2:data/x})
     * made absolute in the data folder; absolute, home ({@code ~/...}) and in-memory URLs, and URLs of other
     * databases, are returned as they are.
     */
    String databaseUrl(String url) {
        String prefix = "jdbc:h2:";
        if (!url.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return url;
        }
        String rest = url.substring(prefix.length());
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:")
                || lower.startsWith("tcp:")
                || lower.startsWith("ssl:")
                || lower.startsWith("zip:")) {
            return url;
        }
        String scheme = lower.startsWith("file:") ? rest.substring(0, 5) : "";
        String afterScheme = rest.substring(scheme.length());
        int semicolon = afterScheme.indexOf(';');
        String location = semicolon < 0 ? afterScheme : afterScheme.substring(0, semicolon);
        String settings = semicolon < 0 ? "" : afterScheme.substring(semicolon);
        if (location.isBlank() || location.startsWith("~") || Path.of(location).isAbsolute()) {
            return url;
        }
        return prefix + "file:" + dataFolder.resolve(location).normalize() + settings;
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
