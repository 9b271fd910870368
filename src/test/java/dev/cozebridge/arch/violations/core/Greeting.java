package dev.cozebridge.arch.violations.core;

import io.javalin.Javalin;
import net.dv8tion.jda.api.JDA;
import org.telegram.telegrambots.meta.api.objects.Update;

/** A core type that leaks JDA, TelegramBots and Javalin. */
public record Greeting(JDA jda, Update update, Javalin server) {}
