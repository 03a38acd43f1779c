package com.authlete.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.authlete.sdk.models.Client;
import com.authlete.sdk.models.ClientGetListResponse;
import com.authlete.sdk.models.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library from Java: blocking methods, options, exceptions. */
class JavaUsageTest {
    private final String base = System.getenv("AUTHLETE_EMULATOR_URL");

    @Test
    void createGetListDeleteFromJava() {
        AuthleteOptions options = new AuthleteOptions("test-token", base);
        try (Authlete authlete = new Authlete(options)) {
            Clients clients = authlete.getClients();
            Client draft = ModelsJson.fromJson(Client.Companion, "{\"clientName\":\"from java\"}");
            Client created = clients.createBlocking("java-svc", draft);
            String id = String.valueOf(created.getClientId());
            assertEquals("from java", clients.getBlocking("java-svc", id).getClientName());
            ClientGetListResponse list = clients.getListBlocking("java-svc");
            assertEquals(1, list.getClients().size());
            clients.deleteBlocking("java-svc", id);
            // Caught by its own type, a subclass of AuthleteException.
            ResultError e = assertThrows(ResultError.class, () -> clients.getBlocking("java-svc", id));
            assertEquals(ErrorKind.RESULT_ERROR, e.getKind());
            assertEquals("ResultError", e.getKindName());
            assertEquals(Integer.valueOf(400), e.getStatus());
            assertEquals("A000201", e.getResultCode());
            assertNull(e.getField());
            assertTrue(ModelsJson.toJson(created).contains("\"clientName\":\"from java\""));
        }
    }

    @Test
    void openEnumsFromJava() {
        GrantType code = GrantType.AuthorizationCode.INSTANCE;
        assertEquals("AUTHORIZATION_CODE", code.getValue());
        assertTrue(code.isKnown());
        assertSame(code, GrantType.of("AUTHORIZATION_CODE"));
        GrantType future = GrantType.of("PRE_AUTHORIZED_CODE");
        assertFalse(future.isKnown());
        assertTrue(future instanceof GrantType.Unknown);
        assertEquals(9, GrantType.getKnown().size());
        Client draft = ModelsJson.fromJson(Client.Companion, "{\"grantTypes\":[\"IMPLICIT\",\"PRE_AUTHORIZED_CODE\"]}");
        assertEquals(List.of(GrantType.Implicit.INSTANCE, future), draft.getGrantTypes());
    }
}
