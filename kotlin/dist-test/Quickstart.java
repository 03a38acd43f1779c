// The README's quickstart from plain Java, run by `make test-jvm-jar` against the released
// jar alone (plus its runtime Maven dependencies): the native library must load from the jar.
import com.authlete.sdk.Authlete;
import com.authlete.sdk.AuthleteOptions;
import com.authlete.sdk.ClientBuilder;
import com.authlete.sdk.ModelsJson;
import com.authlete.sdk.models.Client;

public class Quickstart {
    public static void main(String[] args) {
        String serverUrl = System.getenv("AUTHLETE_SERVER_URL");
        if (serverUrl == null) {
            throw new IllegalStateException("set AUTHLETE_SERVER_URL");
        }
        String token = System.getenv().getOrDefault("AUTHLETE_BEARER", "demo-token");
        String serviceId = System.getenv().getOrDefault("AUTHLETE_SERVICE_ID", "715948317");

        try (Authlete authlete = new Authlete(new AuthleteOptions(token, serverUrl))) {
            Client draft = new ClientBuilder().clientName("Java quickstart").build();
            Client created = authlete.getClients().createBlocking(serviceId, draft);
            String id = String.valueOf(created.getClientId());
            Client fetched = authlete.getClients().getBlocking(serviceId, id);
            if (!"Java quickstart".equals(fetched.getClientName())) {
                throw new AssertionError("get returned " + ModelsJson.toJson(fetched));
            }
            System.out.println("created and read back client " + id + ": " + fetched.getClientName());
        }
    }
}
