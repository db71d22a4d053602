package dev.sigil.server;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sigil.issuer.error.Problem;

/**
 * The API description (OpenAPI 3.1) served at {@code /api/v1/openapi.json} and committed
 * as {@code docs/openapi.json}: the management API as springdoc reads it from the
 * controllers, plus what no controller declares: the machine token API and the token
 * exchange (answered by filters ahead of Spring MVC), the bearer schemes, and the one
 * error model, an RFC 9457 problem whose {@code type} is one of Sigil's.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfiguration {

	static final String PROBLEM = "Problem";

	@Bean
	OpenAPI sigilOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Sigil")
				.version("v1")
				.description("Machine identity: per-organisation OpenID Connect issuers. The management API is "
						+ "on the admin port, the machine token API on the internal port, the token exchange on "
						+ "the public and internal ports.")
				.license(new License().name("Apache-2.0")))
			.servers(List.of(new Server().url("/").description("the port named by each operation")))
			.components(new Components()
				.addSecuritySchemes("apiToken",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A management API token (sga_...)"))
				.addSecuritySchemes("machineCredential",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A machine credential (sgm_...)")))
			.addSecurityItem(new SecurityRequirement().addList("apiToken"));
	}

	@Bean
	OpenApiCustomizer sigilOperations() {
		return (openApi) -> {
			// Added here, after springdoc has computed the controllers' schemas, so that
			// it stays.
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			Map<String, PathItem> machinePaths = new LinkedHashMap<>();
			machinePaths.put("/v1/tokens/oidc", new PathItem().post(machineToken()));
			machinePaths.put("/v1/tokens/explain", new PathItem().post(machineExplain()));
			machinePaths.put("/{org}/oauth2/token", new PathItem().post(tokenExchange()));
			machinePaths.forEach(openApi.getPaths()::addPathItem);
			// Every operation may answer a problem document.
			openApi.getPaths()
				.values()
				.forEach((item) -> item.readOperations()
					.forEach((operation) -> operation.getResponses().addApiResponse("default", problemResponse())));
		};
	}

	private static Schema<?> problemSchema() {
		Schema<String> type = new StringSchema()
			._enum(Arrays.stream(Problem.values()).map((problem) -> problem.type().toString()).toList())
			.description("A stable identifier of the kind of error");
		return new ObjectSchema().description("An RFC 9457 problem document (application/problem+json)")
			.addProperty("type", type)
			.addProperty("title", new StringSchema())
			.addProperty("status", new Schema<Integer>().type("integer"))
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema());
	}

	private static ApiResponse problemResponse() {
		return new ApiResponse().description("An error, as an RFC 9457 problem document")
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	private static Operation machineToken() {
		Schema<?> body = new ObjectSchema()
			.addProperty("aud", new Schema<>().description("One audience (a string) or up to 5 (an array of strings)"))
			.addProperty("nonce", new StringSchema().minLength(8).maxLength(128));
		return new Operation().operationId("issueMachineToken")
			.tags(List.of("machine token API (internal port)"))
			.summary("A machine's token: a compact JWT, its audit row committed first")
			.security(List.of(new SecurityRequirement().addList("machineCredential")))
			.requestBody(new RequestBody().required(false)
				.content(new Content().addMediaType("application/json", new MediaType().schema(body))))
			.responses(new ApiResponses().addApiResponse("200",
					new ApiResponse().description("The token")
						.content(new Content().addMediaType("text/plain",
								new MediaType().schema(new StringSchema().description("A compact JWS"))))));
	}

	private static Operation machineExplain() {
		return new Operation().operationId("explainOwnToken")
			.tags(List.of("machine token API (internal port)"))
			.summary("Why one of this machine's own tokens would be refused, check by check")
			.security(List.of(new SecurityRequirement().addList("machineCredential")))
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType("application/json",
						new MediaType().schema(new ObjectSchema().addProperty("token", new StringSchema())
							.addProperty("audience", new StringSchema())
							.addProperty("aws_trust_policy", new ObjectSchema())))))
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("The explanation")));
	}

	private static Operation tokenExchange() {
		Schema<?> form = new ObjectSchema()
			.addProperty("grant_type",
					new StringSchema()._enum(List.of("urn:ietf:params:oauth:grant-type:token-exchange")))
			.addProperty("subject_token", new StringSchema())
			.addProperty("subject_token_type", new StringSchema())
			.addProperty("client_id", new StringSchema().description("the name of the org's trust policy"))
			.addProperty("audience", new StringSchema());
		return new Operation().operationId("exchangeToken")
			.tags(List.of("token exchange (public and internal ports)"))
			.summary("RFC 8693 token exchange: a workload's token from a trusted issuer for a Sigil token")
			.security(List.of())
			.addParametersItem(new Parameter().in("path").name("org").required(true).schema(new StringSchema()))
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType("application/x-www-form-urlencoded", new MediaType().schema(form))))
			.responses(
					new ApiResponses().addApiResponse("200", new ApiResponse().description("RFC 8693 token response")));
	}

}
