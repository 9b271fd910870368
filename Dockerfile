# Base images pinned to one Temurin release (Ubuntu 24.04 "noble"); to pin the digest as well, look it up with
# `docker buildx imagetools inspect eclipse-temurin:21.0.8_9-jre-noble` and append @sha256:... to both lines.
ARG TEMURIN=21.0.8_9

# Build stage: the Maven wrapper fetches Maven and the dependencies; tests run in CI, not here.
FROM eclipse-temurin:${TEMURIN}-jdk-noble AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY db db
COPY db-postgresql db-postgresql
COPY src src
RUN ./mvnw -B -q package -DskipTests

# Runtime stage: JRE only, a non-root user, the data in the /data volume, the config mounted read-only.
FROM eclipse-temurin:${TEMURIN}-jre-noble
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin coze \
    && mkdir -p /app /data /config \
    && chown 10001:10001 /data
COPY --from=build /src/target/coze-bridge.jar /app/coze-bridge.jar
# Relative paths in bots.yml (the database, a log file) and the control socket land in the volume.
ENV COZE_BRIDGE_DATA_DIR=/data
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001
# Alive = GET /healthz when the http section is configured, else the control socket in /data.
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-jar", "/app/coze-bridge.jar", "health", "--config", "/config/bots.yml"]
# Mount your bots.yml at /config/bots.yml; secrets come from the environment (see docker-compose.yml).
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75", "-jar", "/app/coze-bridge.jar"]
CMD ["run", "--config", "/config/bots.yml"]
