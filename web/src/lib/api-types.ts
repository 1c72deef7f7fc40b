/**
 * Generated from AskDB's OpenAPI document by `npm run gen:api-types` (scripts/api-types.ts).
 * Do not edit: change the server's route schemas and generate again. CI checks it is current.
 */

export interface paths {
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            username: string;
                            email: string;
                            is_active: boolean;
                            is_superuser: boolean;
                            created_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with username or email (JSON, or the OAuth2 password form) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                    };
                    "application/x-www-form-urlencoded": {
                        username: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            refresh_token: string;
                            /** @enum {string} */
                            token_type: "bearer";
                            expires_in: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for a new token pair (the old one stops working) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            refresh_token: string;
                            /** @enum {string} */
                            token_type: "bearer";
                            expires_in: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this login (or every login when no refresh token is given); its access tokens stop working at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            username: string;
                            email: string;
                            is_active: boolean;
                            is_superuser: boolean;
                            created_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your personal access tokens (never the tokens themselves) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            prefix: string;
                            created_at: string;
                            last_used_at: string | null;
                            expires_at: string | null;
                            expired: boolean;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a personal access token for scripts and MCP clients (shown once; needs a login, not a token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        expires_in_days?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            prefix: string;
                            created_at: string;
                            last_used_at: string | null;
                            expires_at: string | null;
                            expired: boolean;
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a personal access token; it stops working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find people to share with: usernames by prefix, or one person by their exact email (only then is the email shown). Someone who owns no connection gets usernames only */
        get: {
            parameters: {
                query: {
                    q: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id?: string;
                            username: string;
                            email?: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change your username or email */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username?: string;
                        email?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            username: string;
                            email: string;
                            is_active: boolean;
                            is_superuser: boolean;
                            created_at: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me/change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password (signs out every other login) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current_password: string;
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Connections you own or that are shared with you */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string | null;
                            host: string;
                            port: number;
                            database: string;
                            username: string;
                            ssl_mode: string;
                            status: string;
                            status_message: string | null;
                            analysis_progress: number;
                            analysis_requested_at: string | null;
                            last_analyzed_at: string | null;
                            server_version: string | null;
                            allowed_functions: string[];
                            owner: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                            };
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                            updated_at: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Add a PostgreSQL connection (tested first unless skip_test=true) */
        post: {
            parameters: {
                query?: {
                    skip_test?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        description?: string | null;
                        host: string;
                        /** @default 5432 */
                        port?: number;
                        database: string;
                        username: string;
                        /** @default  */
                        password?: string;
                        /** @enum {string} */
                        ssl_mode?: "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string | null;
                            host: string;
                            port: number;
                            database: string;
                            username: string;
                            ssl_mode: string;
                            status: string;
                            status_message: string | null;
                            analysis_progress: number;
                            analysis_requested_at: string | null;
                            last_analyzed_at: string | null;
                            server_version: string | null;
                            allowed_functions: string[];
                            owner: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                            };
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                            updated_at: string;
                            /** @description Advice from the live test about the login, e.g. that it is a superuser or can write */
                            warnings: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/from-url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a connection from a postgres:// URL (sslmode and percent-encoded passwords understood) */
        post: {
            parameters: {
                query?: {
                    skip_test?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        name?: string;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string | null;
                            host: string;
                            port: number;
                            database: string;
                            username: string;
                            ssl_mode: string;
                            status: string;
                            status_message: string | null;
                            analysis_progress: number;
                            analysis_requested_at: string | null;
                            last_analyzed_at: string | null;
                            server_version: string | null;
                            allowed_functions: string[];
                            owner: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                            };
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                            updated_at: string;
                            /** @description Advice from the live test about the login, e.g. that it is a superuser or can write */
                            warnings: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/demo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Try the demo database: adds the embedded demo as your connection (409 with its id if you have it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string | null;
                            host: string;
                            port: number;
                            database: string;
                            username: string;
                            ssl_mode: string;
                            status: string;
                            status_message: string | null;
                            analysis_progress: number;
                            analysis_requested_at: string | null;
                            last_analyzed_at: string | null;
                            server_version: string | null;
                            allowed_functions: string[];
                            owner: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                            };
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One connection, with status and analysis progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string | null;
                            host: string;
                            port: number;
                            database: string;
                            username: string;
                            ssl_mode: string;
                            status: string;
                            status_message: string | null;
                            analysis_progress: number;
                            analysis_requested_at: string | null;
                            last_analyzed_at: string | null;
                            server_version: string | null;
                            allowed_functions: string[];
                            owner: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                            };
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        /** Edit a connection (owner); new credentials are re-tested and trigger re-analysis. Changing host, port, database, username or ssl_mode needs the password again */
        put: {
            parameters: {
                query?: {
                    skip_test?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string | null;
                        host?: string;
                        port?: number;
                        database?: string;
                        username?: string;
                        password?: string;
                        /** @enum {string} */
                        ssl_mode?: "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
                        allowed_functions?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string | null;
                            host: string;
                            port: number;
                            database: string;
                            username: string;
                            ssl_mode: string;
                            status: string;
                            status_message: string | null;
                            analysis_progress: number;
                            analysis_requested_at: string | null;
                            last_analyzed_at: string | null;
                            server_version: string | null;
                            allowed_functions: string[];
                            owner: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                            };
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a connection and everything learned about it (owner) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test the connection live (owner): the stored values, or the values being edited when a body is sent (nothing is saved; a new host, port, database, username or ssl_mode needs the password) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        host?: string;
                        port?: number;
                        database?: string;
                        username?: string;
                        password?: string;
                        /** @enum {string} */
                        ssl_mode?: "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            message: string;
                            server_version: string | null;
                            latency_ms: number | null;
                            reason?: string;
                            /** @description Advice about the login, e.g. that it is a superuser or can write: use a read-only role */
                            warnings: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/reanalyze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a fresh analysis of the database (owner) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "queued";
                            requested_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/shares": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who else may use this connection (owner) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            user_id: string;
                            username: string;
                            email: string;
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Share with a user as chat, view or owner (owner); sharing again changes the permission */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        user_id?: string;
                        username?: string;
                        /** @enum {string} */
                        permission: "chat" | "view" | "owner";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            user_id: string;
                            username: string;
                            email: string;
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            user_id: string;
                            username: string;
                            email: string;
                            /** @enum {string} */
                            permission: "chat" | "view" | "owner";
                            created_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/shares/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Leave a connection shared with you (your public links to its chats stop working); its owner cannot leave it */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/shares/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop sharing with a user (owner): their public links to this connection's chats stop working too */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/public-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every chat of this connection shared by public link, whoever shared it (owner) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            session_id: string;
                            title: string;
                            created_by: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                            };
                            shared_at: string | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/public-links/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke the public link of one of this connection's chats, whoever shared it (owner) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    session_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/sql": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run one read-only SELECT (view permission); refused SQL gets 422 with the reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sql: string;
                        max_rows?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sql: string;
                            columns: {
                                name: string;
                                type: string;
                            }[];
                            rows: unknown[][];
                            row_count: number;
                            truncated: boolean;
                            truncated_reason: string | null;
                            execution_ms: number;
                            relations: {
                                schema: string | null;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Business terms (view permission: all; chat permission: the accepted ones) */
        get: {
            parameters: {
                query?: {
                    status?: "proposed" | "accepted" | "rejected";
                    kind?: "measure" | "dimension" | "filter" | "entity";
                    q?: string;
                };
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                synonyms: string[];
                                /** @enum {string} */
                                kind: "measure" | "dimension" | "filter" | "entity";
                                expression: string;
                                table: string;
                                description: string;
                                reason: string | null;
                                /** @enum {string} */
                                origin: "proposed" | "person";
                                /** @enum {string} */
                                status: "proposed" | "accepted" | "rejected";
                                edited: boolean;
                                updated_by: string | null;
                                created_at: string;
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a business term (owner); its SQL is checked and test-run as SELECT … LIMIT 0 */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @default [] */
                        synonyms?: string[];
                        /** @enum {string} */
                        kind: "measure" | "dimension" | "filter" | "entity";
                        /** @default  */
                        expression?: string;
                        table: string;
                        /** @default  */
                        description?: string;
                        /**
                         * @default accepted
                         * @enum {string}
                         */
                        status?: "proposed" | "accepted" | "rejected";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            synonyms: string[];
                            /** @enum {string} */
                            kind: "measure" | "dimension" | "filter" | "entity";
                            expression: string;
                            table: string;
                            description: string;
                            reason: string | null;
                            /** @enum {string} */
                            origin: "proposed" | "person";
                            /** @enum {string} */
                            status: "proposed" | "accepted" | "rejected";
                            edited: boolean;
                            updated_by: string | null;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/terms/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a term's SQL without saving it (owner): the same checks as adding one, for live validation while typing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "measure" | "dimension" | "filter" | "entity";
                        table: string;
                        /** @default  */
                        expression?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            valid: boolean;
                            message?: string;
                            expression?: string;
                            table?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/terms/propose": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the configured language model for more business terms (owner); each is checked like a person's and kept as a proposal */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                synonyms: string[];
                                /** @enum {string} */
                                kind: "measure" | "dimension" | "filter" | "entity";
                                expression: string;
                                table: string;
                                description: string;
                                reason: string | null;
                                /** @enum {string} */
                                origin: "proposed" | "person";
                                /** @enum {string} */
                                status: "proposed" | "accepted" | "rejected";
                                edited: boolean;
                                updated_by: string | null;
                                created_at: string;
                                updated_at: string;
                            }[];
                            refused: {
                                name: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/terms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Edit, accept or reject a business term (owner); analysis keeps the change */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        synonyms?: string[];
                        /** @enum {string} */
                        kind?: "measure" | "dimension" | "filter" | "entity";
                        expression?: string;
                        table?: string;
                        description?: string;
                        /** @enum {string} */
                        status?: "proposed" | "accepted" | "rejected";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            synonyms: string[];
                            /** @enum {string} */
                            kind: "measure" | "dimension" | "filter" | "entity";
                            expression: string;
                            table: string;
                            description: string;
                            reason: string | null;
                            /** @enum {string} */
                            origin: "proposed" | "person";
                            /** @enum {string} */
                            status: "proposed" | "accepted" | "rejected";
                            edited: boolean;
                            updated_by: string | null;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a business term (owner) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/terms.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every business term as one YAML file (view permission) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        /** Replace every business term with those of a YAML file (owner); nothing changes unless every term passes its checks */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/yaml": string;
                    "application/x-yaml": string;
                    "text/yaml": string;
                    "text/x-yaml": string;
                    "text/plain": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                synonyms: string[];
                                /** @enum {string} */
                                kind: "measure" | "dimension" | "filter" | "entity";
                                expression: string;
                                table: string;
                                description: string;
                                reason: string | null;
                                /** @enum {string} */
                                origin: "proposed" | "person";
                                /** @enum {string} */
                                status: "proposed" | "accepted" | "rejected";
                                edited: boolean;
                                updated_by: string | null;
                                created_at: string;
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/insights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What analysis learned, table by table (view permission) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                schema: string;
                                table: string;
                                kind: string;
                                summary: string;
                                document: string;
                                edited: boolean;
                                row_count: number;
                                /** @enum {string} */
                                row_count_accuracy: "exact" | "estimated";
                                primary_key: string[];
                                foreign_keys: {
                                    columns: string[];
                                    references: string;
                                    referenced_columns: string[];
                                    /** @enum {string} */
                                    origin: "declared" | "inferred";
                                    evidence: string | null;
                                }[];
                                columns: {
                                    name: string;
                                    data_type: string;
                                    nullable: boolean;
                                    is_primary_key: boolean;
                                    comment: string | null;
                                    /** @enum {string} */
                                    strategy: "categorical" | "vector" | "skip";
                                    strategy_reason: string;
                                    distinct_count: number | null;
                                    null_fraction: number | null;
                                    /** @enum {string|null} */
                                    accuracy: "exact" | "estimated" | null;
                                    values: {
                                        value: string;
                                        frequency: number | null;
                                    }[];
                                    samples: string[];
                                    min: string | null;
                                    max: string | null;
                                    note: string | null;
                                }[];
                                drift: {
                                    added: string[];
                                    removed: string[];
                                    at: string;
                                } | null;
                                updated_at: string;
                            }[];
                            total: number;
                            limit: number;
                            offset: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts of tables, columns by strategy, rows, and the last analysis (view permission) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                            analysis_progress: number;
                            last_analyzed_at: string | null;
                            last_duration_ms: number | null;
                            tables: number;
                            views: number;
                            columns: number;
                            columns_by_strategy: {
                                [key: string]: number;
                            };
                            rows: number;
                            row_counts: {
                                exact: number;
                                estimated: number;
                            };
                            values_indexed: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/insights/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Edit a table insight (owner); the edit is kept across re-analysis */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        summary?: string;
                        document?: string;
                        column_notes?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            schema: string;
                            table: string;
                            kind: string;
                            summary: string;
                            document: string;
                            edited: boolean;
                            row_count: number;
                            /** @enum {string} */
                            row_count_accuracy: "exact" | "estimated";
                            primary_key: string[];
                            foreign_keys: {
                                columns: string[];
                                references: string;
                                referenced_columns: string[];
                                /** @enum {string} */
                                origin: "declared" | "inferred";
                                evidence: string | null;
                            }[];
                            columns: {
                                name: string;
                                data_type: string;
                                nullable: boolean;
                                is_primary_key: boolean;
                                comment: string | null;
                                /** @enum {string} */
                                strategy: "categorical" | "vector" | "skip";
                                strategy_reason: string;
                                distinct_count: number | null;
                                null_fraction: number | null;
                                /** @enum {string|null} */
                                accuracy: "exact" | "estimated" | null;
                                values: {
                                    value: string;
                                    frequency: number | null;
                                }[];
                                samples: string[];
                                min: string | null;
                                max: string | null;
                                note: string | null;
                            }[];
                            drift: {
                                added: string[];
                                removed: string[];
                                at: string;
                            } | null;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/intelligence/{connection_id}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Hybrid search over tables, columns and stored values (view permission) */
        get: {
            parameters: {
                query: {
                    q: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schema: string;
                            table: string;
                            summary: string;
                            score: number;
                            reasons: string[];
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/public/{share_token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A shared chat, read-only, without login (revoked links answer 404) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    share_token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            title: string;
                            connection_name: string;
                            shared_at: string | null;
                            messages: {
                                /** Format: uuid */
                                message_id: string;
                                /** Format: uuid */
                                session_id: string;
                                question: string;
                                /** @enum {string} */
                                kind: "query" | "clarify" | "chitchat" | "unanswerable" | "error";
                                answer: string;
                                sql: string | null;
                                columns: {
                                    name: string;
                                    type: string;
                                }[] | null;
                                rows: unknown[][] | null;
                                row_count: number | null;
                                truncated: boolean;
                                chart: {
                                    kind: string;
                                    reason: string;
                                    spec: {
                                        [key: string]: unknown;
                                    } | null;
                                } | null;
                                explanation: string | null;
                                provenance: {
                                    [key: string]: unknown;
                                } | null;
                                options: {
                                    label: string;
                                    question: string;
                                }[] | null;
                                engine: string;
                                confidence: number | null;
                                execution_time_ms: number | null;
                                timings: {
                                    [key: string]: number;
                                } | null;
                                llm_usage: {
                                    calls: number;
                                    prompt_tokens: number;
                                    completion_tokens: number;
                                } | null;
                                created_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask a question (chat permission); with Accept: text/event-stream, steps stream as they finish */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        question: string;
                        /** Format: uuid */
                        session_id?: string;
                        /**
                         * @default query
                         * @enum {string}
                         */
                        explain_mode?: "query" | "llm";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            message_id: string;
                            /** Format: uuid */
                            session_id: string;
                            question: string;
                            /** @enum {string} */
                            kind: "query" | "clarify" | "chitchat" | "unanswerable" | "error";
                            answer: string;
                            sql: string | null;
                            columns: {
                                name: string;
                                type: string;
                            }[] | null;
                            rows: unknown[][] | null;
                            row_count: number | null;
                            truncated: boolean;
                            chart: {
                                kind: string;
                                reason: string;
                                spec: {
                                    [key: string]: unknown;
                                } | null;
                            } | null;
                            explanation: string | null;
                            provenance: {
                                [key: string]: unknown;
                            } | null;
                            options: {
                                label: string;
                                question: string;
                            }[] | null;
                            engine: string;
                            confidence: number | null;
                            execution_time_ms: number | null;
                            timings: {
                                [key: string]: number;
                            } | null;
                            llm_usage: {
                                calls: number;
                                prompt_tokens: number;
                                completion_tokens: number;
                            } | null;
                            feedback: string | null;
                            created_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/suggestions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Five questions this database can answer, from what analysis learned and the accepted business terms */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            questions: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your chat sessions on this connection, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            connection_id: string;
                            title: string;
                            shared: boolean;
                            share_token: string | null;
                            message_count?: number;
                            created_at: string;
                            updated_at: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your sessions with its messages */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            connection_id: string;
                            title: string;
                            shared: boolean;
                            share_token: string | null;
                            message_count?: number;
                            created_at: string;
                            updated_at: string;
                            messages: {
                                /** Format: uuid */
                                message_id: string;
                                /** Format: uuid */
                                session_id: string;
                                question: string;
                                /** @enum {string} */
                                kind: "query" | "clarify" | "chitchat" | "unanswerable" | "error";
                                answer: string;
                                sql: string | null;
                                columns: {
                                    name: string;
                                    type: string;
                                }[] | null;
                                rows: unknown[][] | null;
                                row_count: number | null;
                                truncated: boolean;
                                chart: {
                                    kind: string;
                                    reason: string;
                                    spec: {
                                        [key: string]: unknown;
                                    } | null;
                                } | null;
                                explanation: string | null;
                                provenance: {
                                    [key: string]: unknown;
                                } | null;
                                options: {
                                    label: string;
                                    question: string;
                                }[] | null;
                                engine: string;
                                confidence: number | null;
                                execution_time_ms: number | null;
                                timings: {
                                    [key: string]: number;
                                } | null;
                                llm_usage: {
                                    calls: number;
                                    prompt_tokens: number;
                                    completion_tokens: number;
                                } | null;
                                feedback: string | null;
                                created_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete one of your sessions */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/sessions/{id}/share": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share a session by public link, or stop sharing it (toggles unless `shared` is given) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        shared?: boolean;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            shared: boolean;
                            share_token: string | null;
                            share_path: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/messages/{message_id}/csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an answer's rows as CSV (the stored SQL runs again, through the guard) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    message_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/messages/{message_id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run an edited version of an answer's SQL (view permission): the rows, a proposed chart and an explanation; refused SQL gets 422 */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    message_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sql: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sql: string;
                            columns: {
                                name: string;
                                type: string;
                            }[];
                            rows: unknown[][];
                            row_count: number;
                            truncated: boolean;
                            execution_ms: number;
                            chart: {
                                kind: string;
                                reason: string;
                                spec: {
                                    [key: string]: unknown;
                                } | null;
                            };
                            explanation: string;
                            tables: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/messages/{message_id}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Use edited SQL as the answer to this message's question (view permission): it runs, is stored in the same session as a new answer, and becomes a saved example */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    message_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sql: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            message_id: string;
                            /** Format: uuid */
                            session_id: string;
                            question: string;
                            /** @enum {string} */
                            kind: "query" | "clarify" | "chitchat" | "unanswerable" | "error";
                            answer: string;
                            sql: string | null;
                            columns: {
                                name: string;
                                type: string;
                            }[] | null;
                            rows: unknown[][] | null;
                            row_count: number | null;
                            truncated: boolean;
                            chart: {
                                kind: string;
                                reason: string;
                                spec: {
                                    [key: string]: unknown;
                                } | null;
                            } | null;
                            explanation: string | null;
                            provenance: {
                                [key: string]: unknown;
                            } | null;
                            options: {
                                label: string;
                                question: string;
                            }[] | null;
                            engine: string;
                            confidence: number | null;
                            execution_time_ms: number | null;
                            timings: {
                                [key: string]: number;
                            } | null;
                            llm_usage: {
                                calls: number;
                                prompt_tokens: number;
                                completion_tokens: number;
                            } | null;
                            feedback: string | null;
                            created_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/messages/{message_id}/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What to ask after this message: 2–3 follow-ups to an answer, or for a refusal the words not placed, the closest tables and columns, and rephrasings (all answerable by the built-in engine) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    message_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            questions: string[];
                            unplaced: string[];
                            closest: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/messages/{message_id}/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an answer, or correct its SQL (view permission); confirmed or corrected SQL becomes a saved example */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    message_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        correct: boolean;
                        sql?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            saved_example: boolean;
                            example_id: string | null;
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/examples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Saved question → SQL examples of this connection (owner) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            question: string;
                            sql: string;
                            source: string;
                            created_by: string | null;
                            created_at: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat/{connection_id}/examples/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a saved example (owner) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connection_id: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/mcp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Model Context Protocol (Streamable HTTP, stateless): tools list_databases, search_schema, ask, run_sql, describe_table */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/system/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Can the service work: app database, migrations, job queue, LLM endpoint (503 when degraded) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded";
                            version: string;
                            /** @enum {string} */
                            mode: "server" | "embedded";
                            database: {
                                ok: boolean;
                                latency_ms: number | null;
                                error?: string;
                            };
                            migrations: {
                                ok: boolean;
                                applied: number;
                                expected: number;
                            };
                            jobs: {
                                ok: boolean;
                                latency_ms: number | null;
                                error?: string;
                                queued: number;
                                active: number;
                            };
                            llm: {
                                ok: boolean;
                                latency_ms: number | null;
                                error?: string;
                                provider: string;
                                url: string | null;
                            } | {
                                /** @enum {string} */
                                provider: "builtin";
                                /** @enum {boolean} */
                                ok: true;
                            };
                            demo: {
                                /** @enum {string} */
                                status: "off" | "starting" | "ready" | "failed";
                                url: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded";
                            version: string;
                            /** @enum {string} */
                            mode: "server" | "embedded";
                            database: {
                                ok: boolean;
                                latency_ms: number | null;
                                error?: string;
                            };
                            migrations: {
                                ok: boolean;
                                applied: number;
                                expected: number;
                            };
                            jobs: {
                                ok: boolean;
                                latency_ms: number | null;
                                error?: string;
                                queued: number;
                                active: number;
                            };
                            llm: {
                                ok: boolean;
                                latency_ms: number | null;
                                error?: string;
                                provider: string;
                                url: string | null;
                            } | {
                                /** @enum {string} */
                                provider: "builtin";
                                /** @enum {boolean} */
                                ok: true;
                            };
                            demo: {
                                /** @enum {string} */
                                status: "off" | "starting" | "ready" | "failed";
                                url: string | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/system/connections/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Analysis status of a connection: status, progress, last analysis, last error */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            status: string;
                            analysis_progress: number;
                            status_message: string | null;
                            last_analyzed_at: string | null;
                            last_error: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/system/connections/{id}/sql-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queries run or refused on this connection, newest first (view permission) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            user_id: string | null;
                            /** @enum {string} */
                            source: "llm" | "builtin" | "user" | "mcp";
                            sql: string;
                            ok: boolean;
                            error: string | null;
                            reason: string | null;
                            row_count: number | null;
                            execution_ms: number | null;
                            created_at: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/system/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users, connections by status, questions and queries per day, latency (superusers see all) */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            scope: "all" | "own";
                            days: number;
                            users: number;
                            connections: {
                                total: number;
                                by_status: {
                                    [key: string]: number;
                                };
                            };
                            queries: {
                                total: number;
                                failed: number;
                                p50_ms: number | null;
                                p95_ms: number | null;
                            };
                            per_day: {
                                day: string;
                                questions: number;
                                queries: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
