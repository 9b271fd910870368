# Build stage: the Maven wrapper fetches Maven and the dependencies; tests run in CI, not here.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY db db
COPY src src
RUN ./mvnw -B -q package -DskipTests

# Runtime stage: JRE only, non-root, the database in the /data volume, the config mounted read-only.
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /app coze \
    && mkdir -p /app /data \
    && chown coze /data
WORKDIR /app
COPY --from=build /src/target/coze-bridge.jar /app/coze-bridge.jar
USER coze
VOLUME ["/data"]
# Mount your bots.yml here; point database.url at /data (jdbc:h2:file:/data/coze-bridge).
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/coze-bridge.jar"]
CMD ["run", "--config", "/config/bots.yml"]
