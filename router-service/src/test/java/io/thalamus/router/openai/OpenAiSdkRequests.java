package io.thalamus.router.openai;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Requests shaped exactly as the openai-python SDK sends them: its headers, with a bearer token. */
public final class OpenAiSdkRequests {

    private OpenAiSdkRequests() {
    }

    public static RequestSpecification as(String token) {
        return given()
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "OpenAI/Python 1.59.7")
                .header("X-Stainless-Lang", "python")
                .header("X-Stainless-Package-Version", "1.59.7")
                .header("X-Stainless-Retry-Count", "0");
    }
}
