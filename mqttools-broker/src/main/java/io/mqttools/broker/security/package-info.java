/** Who may connect: the authentication seam (password files, ACLs and AUTH exchanges come with the security issue). */
package io.mqttools.broker.security;
