/**
 * som-tools' source: Google Cloud Datastore (which images belong to a patient or study) and Cloud
 * Storage (the objects themselves), with Application Default Credentials.
 */
package org.trawl.source.som;
