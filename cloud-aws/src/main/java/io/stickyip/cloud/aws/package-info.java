package io.stickyip.cloud.aws;
