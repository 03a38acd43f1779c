package com.authlete.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.authlete.sdk.models.Client;
import com.authlete.sdk.models.ClientFlagUpdateRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Java builds models with their builders, and uses the blocking, future and iterable API. */
class JavaBuildersTest {
    private final String base = System.getenv("AUTHLETE_EMULATOR_URL");

    @Test
    void buildACreateAndGetIt() {
        try (Authlete authlete = new Authlete(new AuthleteOptions("test-token", base))) {
            Clients clients = authlete.getClients();
            Client draft = new ClientBuilder()
                    .clientName("built in java")
                    .description("from a builder")
                    .grantTypes(List.of(GrantType.AuthorizationCode.INSTANCE))
                    .redirectUris(List.of("https://app.example/cb"))
                    .build();
            assertNull(draft.getClientId());
            Client created = clients.createBlocking("java-builders", draft);
            String id = String.valueOf(created.getClientId());
            Client got = clients.getBlocking("java-builders", id);
            assertEquals("built in java", got.getClientName());
            assertEquals("from a builder", got.getDescription());
            assertEquals(List.of(GrantType.AuthorizationCode.INSTANCE), got.getGrantTypes());
            assertEquals(List.of("https://app.example/cb"), got.getRedirectUris());

            // toBuilder-style: start from a model read from the API, change one field.
            Client renamed = new ClientBuilder(got).clientName("renamed").build();
            assertEquals("from a builder", renamed.getDescription());
            assertEquals("renamed", clients.updateBlocking("java-builders", id, renamed).getClientName());

            // A field the contract requires is checked by build().
            SDKValidationError missing = assertThrows(SDKValidationError.class, () -> new ClientFlagUpdateRequestBuilder().build());
            assertEquals("clientLocked", missing.getField());
            ClientFlagUpdateRequest lock = new ClientFlagUpdateRequestBuilder().clientLocked(true).build();
            clients.updateLockFlagBlocking("java-builders", id, lock);
            assertEquals(Boolean.TRUE, clients.getBlocking("java-builders", id).getLocked());

            // The CompletableFuture twin and the blocking iterable.
            assertEquals("renamed", clients.getAsync("java-builders", id).get(10, TimeUnit.SECONDS).getClientName());
            List<Client> all = new ArrayList<>();
            for (Client c : clients.listAllBlocking("java-builders")) all.add(c);
            assertEquals(1, all.size());
            assertEquals("renamed", all.get(0).getClientName());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
