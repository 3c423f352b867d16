/** Shell completion scripts and the man page, generated from the picocli command model. */
package org.trawl.cli.docs;
