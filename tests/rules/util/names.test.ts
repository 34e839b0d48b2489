import { describe, expect, it } from "vitest";
import { identifierWords, isPasswordLike, isSecretLike, isSecurityProducerName, isSecurityValueName, secretKind } from "../../../src/rules/util/names.js";

describe("identifierWords", () => {
  it("splits every naming style", () => {
    expect(identifierWords("resetToken")).toEqual(["reset", "token"]);
    expect(identifierWords("API_KEY2")).toEqual(["api", "key", "2"]);
    expect(identifierWords("self.db_password")).toEqual(["self", "db", "password"]);
    expect(identifierWords("X-Api-Key")).toEqual(["x", "api", "key"]);
    expect(identifierWords("HTTPToken")).toEqual(["http", "token"]);
    expect(identifierWords("apikey")).toEqual(["api", "key"]);
    expect(identifierWords("__secret__")).toEqual(["secret"]);
  });
});

describe("secretKind", () => {
  it("finds secrets by their head word", () => {
    for (const n of ["password", "db_password", "DB_PASSWORD", "smtpPass", "pwd", "new_password", "password2", "password_confirm", "passphrase", "user_passwd"]) {
      expect(secretKind(n), n).toBe("password");
    }
    for (const n of ["SECRET_KEY", "api_key", "apiKey", "apikey", "private_key", "aws_secret_access_key", "signing_key_hex"]) expect(secretKind(n), n).toBe("key");
    for (const n of ["token", "access_token", "csrf_token", "resetToken", "auth_tokens", "csrf"]) expect(secretKind(n), n).toBe("token");
    for (const n of ["client_secret", "secret", "JWT_SECRET"]) expect(secretKind(n), n).toBe("secret");
    expect(secretKind("salt")).toBe("salt");
    expect(secretKind("nonce")).toBe("nonce");
    expect(secretKind("iv")).toBe("nonce");
    expect(secretKind("aes_iv")).toBe("nonce");
    expect(secretKind("otp")).toBe("otp");
    expect(secretKind("pin")).toBe("pin");
    expect(secretKind("session_id")).toBe("session-id");
    expect(secretKind("sessionId")).toBe("session-id");
    expect(secretKind("reset_code")).toBe("code");
    expect(secretKind("verification_code")).toBe("code");
    expect(secretKind("aws_credentials")).toBe("credential");
  });

  it("ignores look-alikes", () => {
    for (const n of [
      "tokenizer", "keyboard", "monkey", "num_uncertainty", "password_field", "password_label", "password_field_label",
      "TOKEN_URL", "token_endpoint", "PASSWORD_MIN_LENGTH", "password_hash", "hashed_password", "key", "sort_key",
      "cache_key", "primary_key", "status_code", "code", "country_code", "user_id", "id", "page_token", "next_token",
      "pad_token", "eos_token", "num_tokens", "max_tokens", "first_pass", "bypass", "compass", "spinner", "led_pin",
      "gpio_pin", "secret_name", "keys", "passenger", "saltwater", "token_type", "divisor", "pinned", "opinion",
      "password_reset_url", "api_key_header", "session", "sid", "valid", "civ", "river_iv",
    ]) {
      expect(secretKind(n), n).toBeUndefined();
    }
  });

  it("separates credentials from other security values", () => {
    expect(isPasswordLike("db_pass")).toBe(true);
    expect(isPasswordLike("db_token")).toBe(false);
    expect(isSecretLike("api_key")).toBe(true);
    expect(isSecretLike("salt")).toBe(false);
    expect(isSecretLike("reset_code")).toBe(false);
    expect(isSecurityValueName("salt")).toBe(true);
    expect(isSecurityValueName("reset_code")).toBe(true);
    expect(isSecurityValueName("colors")).toBe(false);
  });

  it("recognises producer function names", () => {
    for (const n of ["generate_token", "make_password", "new_otp", "create_session_id", "generate_key", "gen_reset_code", "random_password"]) {
      expect(isSecurityProducerName(n), n).toBe(true);
    }
    for (const n of ["get_key", "pick_color", "roll_dice", "tokenize", "shuffle_deck", "generate_keyboard"]) expect(isSecurityProducerName(n), n).toBe(false);
  });
});
